import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-tls-key-owner",
  cis: { "1.6.0": "3.13", "1.8.0": "3.13" },
  title: "The daemon's TLS private key file is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "The private key proves the daemon's identity. If another account owns it, that account can read it and impersonate the daemon to every client.",
  remediation: "chown root:root the file named by tlskey (daemon.json) or --tlskey.",
  needs: ["host.files:tls-key"],
  evaluate: rootOwnedCheck("tls-key", "TLS private key configured for the daemon"),
});
