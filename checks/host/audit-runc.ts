import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-runc",
  cis: { "1.6.0": "1.1.18", "1.8.0": "1.1.18" },
  title: "Auditing is configured for the runc binary",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "runc creates every container's namespaces and cgroups as root; a tampered runc is a container escape for every container, so changes must be recorded.",
  remediation:
    "Watch each runc binary on the host (e.g. -w /usr/bin/runc -p wa -k docker) in /etc/audit/rules.d/.",
  needs: ["host.auditRules"],
  evaluate: auditCheck("runc", "runc binary"),
});
