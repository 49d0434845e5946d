import { defineCheck, error, fail, pass } from "../../src/check-api.js";
import { owner, perFile } from "./lib.js";

export default defineCheck({
  key: "files-docker-sock-owner",
  cis: { "1.6.0": "3.15", "1.8.0": "3.15" },
  title: "The Docker socket is owned by root:docker",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "Connecting to the Docker socket is equivalent to root on the host. It should belong to root, with group access given only to the docker group, whose membership is reviewed (see the trusted-users check).",
  remediation: "chown root:docker the socket; for a socket systemd creates, set SocketUser=root and SocketGroup=docker in docker.socket.",
  needs: ["host.files:docker-socket"],
  // The API socket audited is judged whichever engine serves it (Podman's too).
  engines: ["docker", "podman"],
  // root:root is stricter than root:docker and passes. A rootless daemon's socket under /run/user/UID/ belongs to
  // that user by design (peers only ever look at /var/run/docker.sock).
  evaluate: perFile("docker-socket", { noun: "Docker API unix socket" }, (f) => {
    const evidence = { path: f.path, ...(f.realPath ? { realPath: f.realPath } : {}), owner: `${f.user ?? f.uid}:${f.group ?? f.gid}`, uid: f.uid ?? null, gid: f.gid ?? null };
    if (f.uid === undefined || f.gid === undefined) return error(`${f.path}: its owner was not recorded`, evidence);
    const rootless = /^\/run\/user\/(\d+)\//.exec(f.realPath ?? f.path);
    if (rootless) {
      return f.uid === Number(rootless[1])
        ? pass(`${f.path} is a rootless daemon's socket, owned by its user ${owner(f)}`, evidence)
        : fail(`${f.path} is a rootless daemon's socket but is owned by ${owner(f)}, not uid ${rootless[1]}`, evidence);
    }
    if (f.uid === 0 && f.group === "docker") return pass(`${f.path} is owned by root:docker`, evidence);
    if (f.uid === 0 && f.gid === 0) return pass(`${f.path} is owned by root:root, stricter than root:docker`, evidence);
    if (f.uid === 0 && f.group === undefined) return error(`${f.path}: the name of its group (gid ${f.gid}) could not be resolved`, evidence);
    return fail(`${f.path} is owned by ${owner(f)}, not root:docker`, evidence);
  }),
});
