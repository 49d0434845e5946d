import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-dockerd",
  cis: { "1.6.0": "1.1.3", "1.8.0": "1.1.3" },
  title: "Auditing is configured for the Docker daemon binary",
  section: "host", level: 1, automated: true, severity: "medium",
  rationale:
    "dockerd runs as root and controls every container. An audit trail of who replaced, changed or ran its binary is needed to reconstruct an intrusion and is often a compliance requirement.",
  remediation:
    "Add a watch for the daemon's binary (the path of the running dockerd, e.g. -w /usr/bin/dockerd -p wa -k docker) to a file in /etc/audit/rules.d/, then load it with augenrules --load.",
  needs: ["host.auditRules"],
  // The binary of the running daemon (/proc/PID/exe), not a hard-coded /usr/bin/dockerd; judged even when the path
  // is not visible under --root, since the daemon is running.
  evaluate: auditCheck("dockerd", "Docker daemon binary", true),
});
