import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-daemon-json-perms",
  cis: { "1.6.0": "3.18", "1.8.0": "3.18" },
  title: "The daemon configuration file in use has mode 644 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "If users other than root can write daemon.json they can reconfigure the daemon, for instance disable TLS verification or add an insecure registry.",
  remediation: "chmod 644 (or stricter) the configuration file the daemon loads.",
  needs: ["host.files:daemon-json"],
  evaluate: modeCheck("daemon-json", "daemon configuration file", 0o644),
});
