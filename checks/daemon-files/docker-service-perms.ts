import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-docker-service-perms",
  cis: { "1.6.0": "3.2", "1.8.0": "3.2" },
  title: "The docker.service unit file and its drop-ins have mode 644 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "A unit file or drop-in that users other than root can write lets them rewrite the daemon's start-up, and with it gain root through the daemon.",
  remediation: "chmod 644 (or stricter, e.g. 600) the unit file and every drop-in of docker.service, then run systemctl daemon-reload.",
  needs: ["host.files:docker-service"],
  evaluate: modeCheck("docker-service", "docker.service unit file", 0o644),
});
