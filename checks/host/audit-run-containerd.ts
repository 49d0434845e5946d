import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-run-containerd",
  cis: { "1.6.0": "1.1.4", "1.8.0": "1.1.4" },
  title: "Auditing is configured for /run/containerd",
  section: "host", level: 1, automated: true, severity: "medium",
  rationale:
    "/run/containerd holds containerd's sockets and runtime state for every container. Changes there can hijack or tamper with running containers and should leave an audit record.",
  remediation:
    "Add -w /run/containerd -p wa -k docker to a file in /etc/audit/rules.d/ and load it with augenrules --load.",
  needs: ["host.auditRules", "host.files:containerd-run-dir"],
  evaluate: auditCheck("containerd-run-dir", "/run/containerd directory"),
});
