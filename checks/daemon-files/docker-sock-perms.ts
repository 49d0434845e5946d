import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-docker-sock-perms",
  cis: { "1.6.0": "3.16", "1.8.0": "3.16" },
  title: "The Docker socket has mode 660 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "Whoever can connect to the Docker socket can start a privileged container and so act as root on the host. A socket open to other users gives that away to every local account.",
  remediation:
    "chmod 660 the socket; for a socket systemd creates, set SocketMode=0660 in docker.socket, otherwise start dockerd with -G docker and let it create the socket as root:docker 0660.",
  needs: ["host.files:docker-socket"],
  // The API socket audited is judged whichever engine serves it (Podman's too).
  engines: ["docker", "podman"],
  // Every unix socket the daemon listens on (-H unix://…, the socket unit's ListenStream for fd://) and the one
  // audited, rootless ones included; not only /var/run/docker.sock.
  evaluate: modeCheck("docker-socket", "Docker API unix socket", 0o660),
});
