import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-sock",
  cis: { "1.6.0": "1.1.8", "1.8.0": "1.1.8" },
  title: "Auditing is configured for the containerd socket",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "The containerd socket gives full control over containers below Docker. Changes to it, such as a replaced socket or altered permissions, should be recorded.",
  remediation:
    "Add a watch for the socket the daemon uses (e.g. -w /run/containerd/containerd.sock -p wa -k docker) to /etc/audit/rules.d/.",
  needs: ["host.auditRules", "host.files:containerd-socket"],
  // The socket the daemon is configured with (--containerd) or the default, and dockerd's own managed containerd
  // socket.
  evaluate: auditCheck("containerd-socket", "containerd socket"),
});
