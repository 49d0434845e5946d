import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-tls-ca-owner",
  cis: { "1.6.0": "3.9", "1.8.0": "3.9" },
  title: "The TLS CA certificate file of the daemon is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "The CA file decides which client certificates the daemon accepts on its TLS socket. Its owner can add a CA and so admit clients of their choosing.",
  remediation: "chown root:root the file named by tlscacert (daemon.json) or --tlscacert.",
  needs: ["host.files:tls-ca"],
  evaluate: rootOwnedCheck("tls-ca", "TLS CA certificate configured for the daemon"),
});
