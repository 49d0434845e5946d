import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";
import { bindMounts, dockerSocketPaths, isWithin, normalisePath } from "./lib.js";

export default defineCheck({
  key: "container-docker-socket-mount",
  cis: { "1.6.0": "5.32", "1.8.0": "5.32" },
  title: "The Docker socket is not mounted inside the container",
  section: "container-runtime", level: 1, automated: true, severity: "critical",
  rationale:
    "Whoever can talk to the Docker socket can start a privileged container with the host's root filesystem mounted: access to the socket is root on the host. A container with the socket mounted hands that to anyone who compromises it.",
  remediation:
    "Do not bind-mount the Docker socket (or a directory holding it, such as /run or /var/run) into containers. Tools that need the API should use a restricted proxy or run on the host.",
  needs: ["engine.containers"],
  // The socket is found at its usual paths, the audited endpoint and the daemon's unix:// listeners; mounting a
  // directory that holds it (/run, /var/run, /) exposes it just the same, and so does any file named docker.sock.
  evaluate: perContainer((c, ctx) => {
    const sockets = dockerSocketPaths(ctx);
    const hits = bindMounts(c).filter((m) => {
      const src = normalisePath(m.Source);
      return src.split("/").pop() === "docker.sock" || sockets.some((s) => isWithin(s, src));
    });
    if (hits.length === 0) return pass("does not mount the Docker socket", { socketPaths: sockets });
    const list = hits.map((m) => `${m.Source} at ${m.Destination}`).join(", ");
    return fail(`mounts the Docker socket: ${list}`, { socketMounts: hits.map((m) => ({ Source: m.Source, Destination: m.Destination, RW: m.RW })), socketPaths: sockets });
  }),
});
