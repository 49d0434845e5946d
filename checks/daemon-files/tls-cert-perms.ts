import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-tls-cert-perms",
  cis: { "1.6.0": "3.12", "1.8.0": "3.12" },
  title: "The daemon's TLS server certificate file has mode 444 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "A server certificate writable by others can be swapped for one they control.",
  remediation: "chmod 444 (or stricter) the file named by tlscert.",
  needs: ["host.files:tls-cert"],
  evaluate: modeCheck("tls-cert", "TLS server certificate configured for the daemon", 0o444),
});
