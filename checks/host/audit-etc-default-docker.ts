import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-etc-default-docker",
  cis: { "1.6.0": "1.1.10", "1.8.0": "1.1.10" },
  title: "Auditing is configured for /etc/default/docker",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "/etc/default/docker can pass options and environment to the daemon; changes to it should be recorded.",
  remediation:
    "Add -w /etc/default/docker -p wa -k docker to a file in /etc/audit/rules.d/ and load it with augenrules --load.",
  needs: ["host.auditRules", "host.files:etc-default-docker"],
  evaluate: auditCheck("etc-default-docker", "/etc/default/docker"),
});
