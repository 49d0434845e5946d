import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { activeSwarm, isVerdict, swarmFact } from "./lib.js";

export default defineCheck({
  key: "swarm-autolock",
  cis: { "1.6.0": "7.5", "1.8.0": "7.5" },
  title: "Swarm managers run in auto-lock mode",
  section: "swarm", level: 1, automated: true, severity: "medium",
  rationale:
    "The keys that encrypt the Raft log and the TLS keys of the managers are stored on their disks. Without auto-lock, anyone who copies a manager's disk or backup can decrypt the cluster's state, secrets included; with it, a restarted manager needs an unlock key kept elsewhere.",
  remediation:
    "Enable it with `docker swarm update --autolock=true` (or `docker swarm init --autolock`), store the printed unlock key safely outside the cluster, and unlock restarted managers with `docker swarm unlock`.",
  needs: ["engine.info"],
  // Auto-lock protects managers' keys; workers hold no Raft data and cannot read the setting, so they are
  // skipped rather than warned (Q27). A locked manager proves auto-lock is on.
  evaluate: onDaemon((ctx) => {
    const info = ctx.snapshot.engine.info;
    if (info.ok && info.value.Swarm?.LocalNodeState === "locked") {
      return pass("auto-lock is on: this manager is locked until unlocked with the key", { LocalNodeState: "locked" });
    }
    const s = activeSwarm(ctx, "the auto-lock setting");
    if (isVerdict(s)) return s;
    const spec = s.swarm.Cluster?.Spec?.EncryptionConfig?.AutoLockManagers;
    const key = swarmFact(ctx, "unlockKeySet");
    const keySet = "error" in key ? null : key.value;
    const autolock = typeof spec === "boolean" ? spec : keySet;
    const evidence = { "Cluster.Spec.EncryptionConfig.AutoLockManagers": spec ?? null, unlockKeySet: keySet };
    if (autolock === null) return error(`could not decide: the cluster spec has no AutoLockManagers and ${"error" in key ? key.error : "no unlock key state"}`, evidence);
    return autolock
      ? pass("managers auto-lock: their keys are encrypted with an unlock key", evidence)
      : fail("auto-lock is off: the managers' Raft and TLS keys are stored unencrypted on disk", evidence);
  }),
});
