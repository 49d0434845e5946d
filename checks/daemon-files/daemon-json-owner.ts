import { defineCheck, fail, pass } from "../../src/check-api.js";
import { judgeRootOwned, owner, perFile } from "./lib.js";

export default defineCheck({
  key: "files-daemon-json-owner",
  cis: { "1.6.0": "3.17", "1.8.0": "3.17" },
  title: "The daemon configuration file in use is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "daemon.json sets the daemon's listeners, TLS, authorization plugins and defaults for every container. Its owner can weaken all of them at the next restart.",
  remediation: "chown root:root the configuration file the daemon loads (/etc/docker/daemon.json, or the file given with --config-file).",
  needs: ["host.files:daemon-json"],
  // The file the running daemon loaded (--config-file included), not a fixed /etc/docker/daemon.json.
  // A rootless daemon reads its user's ~/.config/docker/daemon.json and runs with that user's rights only: the file
  // belonging to that user (or to root) leaves it to nobody else, which is what the benchmark asks.
  evaluate: perFile("daemon-json", { noun: "daemon configuration file" }, (f, ctx) => {
    const p = ctx.snapshot.daemon.process;
    const daemonUid = p.ok && p.value.rootless ? p.value.uid : undefined;
    if (daemonUid === undefined || daemonUid === 0 || f.uid === 0 || f.uid === undefined) return judgeRootOwned(f);
    const evidence = { path: f.path, owner: `${f.user ?? f.uid}:${f.group ?? f.gid}`, uid: f.uid, gid: f.gid ?? null, daemonUid };
    return f.uid === daemonUid
      ? pass(`${f.path} is the rootless daemon's own configuration, owned by the user it runs as (${owner(f)})`, evidence)
      : fail(`${f.path} is owned by ${owner(f)}, neither root nor the rootless daemon's user (uid ${daemonUid})`, evidence);
  }),
});
