import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-shim-runc-v2",
  cis: { "1.6.0": "1.1.17", "1.8.0": "1.1.17" },
  title: "Auditing is configured for the containerd-shim-runc-v2 binary",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "The v2 runc shim runs alongside every container on current Docker releases; a modified shim could run code in every container, so changes must be recorded.",
  remediation:
    "Watch each containerd-shim-runc-v2 binary on the host (e.g. -w /usr/bin/containerd-shim-runc-v2 -p wa -k docker) in /etc/audit/rules.d/.",
  needs: ["host.auditRules"],
  evaluate: auditCheck("containerd-shim-runc-v2", "containerd-shim-runc-v2 binary"),
});
