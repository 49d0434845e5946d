import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-tls-cert-owner",
  cis: { "1.6.0": "3.11", "1.8.0": "3.11" },
  title: "The daemon's TLS server certificate file is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "The server certificate is what clients verify the daemon by. Its owner can replace it, which breaks clients or helps an impersonation.",
  remediation: "chown root:root the file named by tlscert (daemon.json) or --tlscert.",
  needs: ["host.files:tls-cert"],
  evaluate: rootOwnedCheck("tls-cert", "TLS server certificate configured for the daemon"),
});
