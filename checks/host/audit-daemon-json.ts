import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-daemon-json",
  cis: { "1.6.0": "1.1.11", "1.8.0": "1.1.11" },
  title: "Auditing is configured for the daemon configuration file in use",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "daemon.json carries most of the daemon's security settings; an audit trail shows who weakened them and when.",
  remediation:
    "Watch the configuration file the daemon loads (/etc/docker/daemon.json or the --config-file path), e.g. -w /etc/docker/daemon.json -p wa -k docker, in /etc/audit/rules.d/.",
  needs: ["host.auditRules", "host.files:daemon-json"],
  // The file the running daemon loaded (--config-file included).
  evaluate: auditCheck("daemon-json", "daemon configuration file"),
});
