import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-docker-owner",
  cis: { "1.6.0": "3.5", "1.8.0": "3.5" },
  title: "The /etc/docker directory is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "/etc/docker holds daemon.json, TLS keys and registry certificates. Its owner can replace any of them, for instance swap in a CA that trusts an attacker's registry.",
  remediation: "chown root:root /etc/docker.",
  needs: ["host.files:etc-docker"],
  evaluate: rootOwnedCheck("etc-docker", "/etc/docker directory"),
});
