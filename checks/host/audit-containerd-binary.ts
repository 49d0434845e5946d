import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-binary",
  cis: { "1.6.0": "1.1.14", "1.8.0": "1.1.14" },
  title: "Auditing is configured for the containerd binary",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "containerd runs every container for Docker as root; a replaced or modified binary must leave a trace.",
  remediation:
    "Watch each containerd binary on the host (e.g. -w /usr/bin/containerd -p wa -k docker) in /etc/audit/rules.d/.",
  needs: ["host.auditRules"],
  // Found beside the running dockerd and in the usual binary directories; a rule on containerd-shim does not cover
  // containerd.
  evaluate: auditCheck("containerd", "containerd binary"),
});
