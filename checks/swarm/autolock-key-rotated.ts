import { defineCheck, manual, onDaemon, skip } from "../../src/check-api.js";
import { activeSwarm, isVerdict } from "./lib.js";

export default defineCheck({
  key: "swarm-autolock-key-rotated",
  cis: { "1.6.0": "7.6", "1.8.0": "7.6" },
  title: "The swarm manager auto-lock key is rotated periodically",
  section: "swarm", level: 1, automated: false, severity: "low",
  rationale:
    "An unlock key that never changes stays valid for every copy of a manager's disk ever made; rotating it limits how long a leaked key or an old backup remains useful.",
  remediation:
    "Rotate the key on a schedule with `docker swarm unlock-key --rotate` and store the new key safely; keep the previous one until every manager has picked up the change.",
  needs: ["engine.info"],
  // The daemon does not record when the key last changed, so rotation is for a person to confirm.
  evaluate: onDaemon((ctx) => {
    const info = ctx.snapshot.engine.info;
    if (!(info.ok && info.value.Swarm?.LocalNodeState === "locked")) {
      const s = activeSwarm(ctx, "the auto-lock setting");
      if (isVerdict(s)) return s;
      if (s.swarm.Cluster?.Spec?.EncryptionConfig?.AutoLockManagers === false) {
        return skip("auto-lock is off, so there is no unlock key to rotate (see swarm-autolock)");
      }
    }
    return manual("confirm the unlock key is rotated on a schedule (docker swarm unlock-key --rotate); the daemon does not record when it last changed");
  }),
});
