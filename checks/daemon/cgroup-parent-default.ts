import { daemonSetting, defineCheck, manual, onDaemon, pass } from "../../src/check-api.js";
import { settingEvidence } from "./lib.js";

export default defineCheck({
  key: "daemon-cgroup-parent-default",
  cis: { "1.6.0": "2.10", "1.8.0": "2.11" },
  title: "The default cgroup parent for containers is confirmed",
  // A human confirms a changed parent, so the check never fails on its own: CIS 1.8.0 marks it Manual, and a check
  // that can only pass would inflate the score, so it is not scored (docker-bench scores it; CIS does not).
  section: "daemon", level: 2, automated: false, scored: false, severity: "low",
  rationale:
    "The cgroup parent decides which resource limits and accounting apply to every container. Pointing it elsewhere is legitimate but easy to get wrong, e.g. under a slice with no limits or one shared with critical host services.",
  remediation:
    'Leave "cgroup-parent" unset unless you need it; if you do, confirm the cgroup exists with the limits you intend and document why.',
  needs: ["daemon.effective"],
  // A changed parent is not wrong in itself, so it is for review rather than a failure; the daemon.json key is
  // read as well as the flag (docker-bench never sees the daemon.json key, Q8).
  evaluate: onDaemon((ctx) => {
    const s = daemonSetting(ctx, "cgroup-parent");
    const info = ctx.snapshot.engine.info;
    const evidence = {
      ...settingEvidence("cgroup-parent", s, "/docker with cgroupfs, system.slice with systemd"),
      ...(info.ok ? { CgroupDriver: info.value.CgroupDriver ?? null } : {}),
    };
    if (!s || s.value === "") return pass("containers use dockerd's default cgroup parent", evidence);
    return manual(`containers are placed under cgroup parent "${String(s.value)}" (${s.origin}); confirm the cgroup is intended and carries the limits you expect`, evidence);
  }),
});
