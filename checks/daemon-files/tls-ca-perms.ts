import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-tls-ca-perms",
  cis: { "1.6.0": "3.10", "1.8.0": "3.10" },
  title: "The TLS CA certificate file of the daemon has mode 444 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "If anyone but root can write the CA file, they can make the daemon trust client certificates they issue themselves.",
  remediation: "chmod 444 (or stricter) the file named by tlscacert.",
  needs: ["host.files:tls-ca"],
  evaluate: modeCheck("tls-ca", "TLS CA certificate configured for the daemon", 0o444),
});
