import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-docker-perms",
  cis: { "1.6.0": "3.6", "1.8.0": "3.6" },
  title: "The /etc/docker directory has mode 755 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "A group- or world-writable /etc/docker lets other users add or replace configuration, certificates and keys the daemon trusts.",
  remediation: "chmod 755 (or stricter) /etc/docker.",
  needs: ["host.files:etc-docker"],
  evaluate: modeCheck("etc-docker", "/etc/docker directory", 0o755),
});
