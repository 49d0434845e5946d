import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-shim",
  cis: { "1.6.0": "1.1.15", "1.8.0": "1.1.15" },
  title: "Auditing is configured for the containerd-shim binary",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "Shims sit between containerd and every container process; tampering with them should be recorded.",
  remediation:
    "Watch each containerd-shim binary on the host (e.g. -w /usr/bin/containerd-shim -p wa -k docker) in /etc/audit/rules.d/.",
  needs: ["host.auditRules"],
  evaluate: auditCheck("containerd-shim", "containerd-shim binary"),
});
