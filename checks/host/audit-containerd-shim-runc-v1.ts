import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-shim-runc-v1",
  cis: { "1.6.0": "1.1.16", "1.8.0": "1.1.16" },
  title: "Auditing is configured for the containerd-shim-runc-v1 binary",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "This shim starts and supervises container processes with root privileges; changes to it should leave an audit record.",
  remediation:
    "Watch each containerd-shim-runc-v1 binary on the host (e.g. -w /usr/bin/containerd-shim-runc-v1 -p wa -k docker) in /etc/audit/rules.d/.",
  needs: ["host.auditRules"],
  evaluate: auditCheck("containerd-shim-runc-v1", "containerd-shim-runc-v1 binary"),
});
