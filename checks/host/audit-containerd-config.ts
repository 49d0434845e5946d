import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-containerd-config",
  cis: { "1.6.0": "1.1.12", "1.8.0": "1.1.12" },
  title: "Auditing is configured for /etc/containerd/config.toml",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "containerd's configuration sets its socket permissions, runtimes and plugins; changes to it should be recorded.",
  remediation:
    "Add -w /etc/containerd/config.toml -p wa -k docker to a file in /etc/audit/rules.d/ and load it with augenrules --load.",
  needs: ["host.auditRules", "host.files:containerd-config"],
  evaluate: auditCheck("containerd-config", "/etc/containerd/config.toml"),
});
