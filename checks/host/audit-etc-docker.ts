import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-etc-docker",
  cis: { "1.6.0": "1.1.6", "1.8.0": "1.1.6" },
  title: "Auditing is configured for /etc/docker",
  section: "host", level: 1, automated: true, severity: "medium",
  rationale:
    "/etc/docker holds the daemon configuration, TLS keys and registry certificates; every change to them should be traceable.",
  remediation:
    "Add -w /etc/docker -p wa -k docker to a file in /etc/audit/rules.d/ and load it with augenrules --load.",
  needs: ["host.auditRules", "host.files:etc-docker"],
  // A rule on a file inside /etc/docker (e.g. daemon.json) does not cover the directory.
  evaluate: auditCheck("etc-docker", "/etc/docker directory"),
});
