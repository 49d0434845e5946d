import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-etc-sysconfig-docker",
  cis: { "1.6.0": "1.1.13", "1.8.0": "1.1.13" },
  title: "Auditing is configured for /etc/sysconfig/docker",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "/etc/sysconfig/docker can pass options to the daemon on Red Hat-style systems; changes to it should be recorded.",
  remediation:
    "Add -w /etc/sysconfig/docker -p wa -k docker to a file in /etc/audit/rules.d/ and load it with augenrules --load.",
  needs: ["host.auditRules", "host.files:etc-sysconfig-docker"],
  evaluate: auditCheck("etc-sysconfig-docker", "/etc/sysconfig/docker"),
});
