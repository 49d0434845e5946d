import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-docker-service-owner",
  cis: { "1.6.0": "3.1", "1.8.0": "3.1" },
  title: "The docker.service unit file and its drop-ins are owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "The unit file and its drop-ins decide how dockerd starts: its command line, environment and listeners. Whoever owns one of them can change those settings, for example open an unauthenticated TCP socket, the next time the daemon restarts.",
  remediation: "chown root:root the unit file and every drop-in that systemd reports for docker.service (systemctl show -p FragmentPath,DropInPaths docker.service).",
  needs: ["host.files:docker-service"],
  // Drop-ins (docker.service.d/*.conf) are judged too: they override ExecStart as readily as the unit file does.
  evaluate: rootOwnedCheck("docker-service", "docker.service unit file"),
});
