import { defineCheck, info, onDaemon } from "../../src/check-api.js";

export default defineCheck({
  key: "ops-container-sprawl",
  cis: { "1.6.0": "6.2", "1.8.0": "6.2" },
  title: "Container sprawl is avoided",
  section: "operations", level: 1, automated: false, severity: "low",
  rationale:
    "Stopped containers keep their writable layers, logs and configuration, secrets included, and can be restarted by mistake. Removing the ones no longer needed keeps the host's state small and known.",
  remediation: "Remove stopped containers that are no longer needed (`docker container prune`) and run short-lived containers with --rm.",
  needs: ["engine.info"],
  // How many containers are too many is a judgement call (CIS: Manual), so the figures are reported, not scored.
  evaluate: onDaemon((ctx) => {
    const i = ctx.snapshot.engine.info.ok ? ctx.snapshot.engine.info.value : {};
    const total = i.Containers ?? 0, running = i.ContainersRunning ?? 0, paused = i.ContainersPaused ?? 0;
    const stopped = i.ContainersStopped ?? Math.max(0, total - running - paused);
    const evidence = { containers: total, running, paused, stopped };
    const note = stopped > running ? "; stopped containers outnumber running ones" : "";
    return info(`${total} container(s): ${running} running, ${paused} paused, ${stopped} stopped${note}`, evidence);
  }),
});
