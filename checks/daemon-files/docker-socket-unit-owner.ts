import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-docker-socket-unit-owner",
  cis: { "1.6.0": "3.3", "1.8.0": "3.3" },
  title: "The docker.socket unit file and its drop-ins are owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "docker.socket defines where and with which owner and mode systemd creates the Docker API socket. An owner other than root can widen who may connect to the daemon.",
  remediation: "chown root:root the docker.socket unit file and every drop-in systemd reports for it (systemctl show -p FragmentPath,DropInPaths docker.socket).",
  needs: ["host.files:docker-socket-unit"],
  evaluate: rootOwnedCheck("docker-socket-unit", "docker.socket unit file"),
});
