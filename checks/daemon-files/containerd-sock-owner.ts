import { defineCheck, fail, pass } from "../../src/check-api.js";
import { judgeRootOwned, owner, perFile } from "./lib.js";

export default defineCheck({
  key: "files-containerd-sock-owner",
  cis: { "1.6.0": "3.23", "1.8.0": "3.23" },
  title: "The containerd socket is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "Access to containerd's socket is access to every container and image below Docker, with root's power over the host. Only root should own it.",
  remediation: "Make sure containerd creates its socket as root:root (the grpc uid and gid settings in /etc/containerd/config.toml default to 0); fix a wrong owner with chown root:root and restart containerd.",
  needs: ["host.files:containerd-socket"],
  // The socket the daemon is configured with (--containerd) or the default one, plus the socket of the containerd
  // dockerd manages itself. A rootless dockerd always runs its own containerd (under $XDG_RUNTIME_DIR/docker), as its
  // user, so that socket belongs to the user by design, like the daemon's own socket (3.15): it passes when its
  // owner and group are the user and group dockerd runs as (or root), which give no one else access.
  evaluate: perFile("containerd-socket", { noun: "containerd socket" }, (f, ctx) => {
    const p = ctx.snapshot.daemon.process;
    const daemon = p.ok && p.value.rootless && p.value.uid !== undefined && p.value.uid !== 0 ? p.value : undefined;
    if (!daemon || f.uid === 0 || f.uid === undefined || f.gid === undefined) return judgeRootOwned(f);
    const evidence = { path: f.path, owner: `${f.user ?? f.uid}:${f.group ?? f.gid}`, uid: f.uid, gid: f.gid, daemonUid: daemon.uid, daemonGid: daemon.gid ?? null };
    if (f.uid !== daemon.uid) return fail(`${f.path} is owned by ${owner(f)}, neither root nor the rootless daemon's user (uid ${daemon.uid})`, evidence);
    if (f.gid === 0 || f.gid === daemon.gid) return pass(`${f.path} is the rootless daemon's own containerd socket, owned by the user and group it runs as (${owner(f)})`, evidence);
    const known = daemon.gid === undefined ? "the rootless daemon's group is unknown" : `not the rootless daemon's group (gid ${daemon.gid})`;
    return fail(`${f.path} belongs to the rootless daemon's user but to group ${f.group ?? f.gid} (gid ${f.gid}), ${known}: its members reach that containerd`, evidence);
  }),
});
