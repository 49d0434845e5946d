import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-docker-socket-unit-perms",
  cis: { "1.6.0": "3.4", "1.8.0": "3.4" },
  title: "The docker.socket unit file and its drop-ins have mode 644 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "If others can write docker.socket, they can change the socket's path, group or mode and so hand themselves access to the Docker API.",
  remediation: "chmod 644 (or stricter) the docker.socket unit file and its drop-ins, then run systemctl daemon-reload.",
  needs: ["host.files:docker-socket-unit"],
  evaluate: modeCheck("docker-socket-unit", "docker.socket unit file", 0o644),
});
