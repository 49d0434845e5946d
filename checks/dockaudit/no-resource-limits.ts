import { daemonSetting, defineCheck, engineOf, error, fail, pass, perContainer } from "../../src/check-api.js";
import { enforcedLimits, type CgroupLimit } from "../shared.js";

export default defineCheck({
  key: "da-no-resource-limits",
  ownId: "X.6",
  title: "Containers have a memory or a process limit",
  section: "dockaudit", level: 1, automated: true, severity: "medium",
  rationale:
    "A container with neither a memory limit nor a process limit can exhaust the host's memory or process table, through a leak, a fork bomb or an attacker, and take every other container and the daemon down with it.",
  remediation:
    "Start containers with --memory (e.g. --memory 512m) and --pids-limit (e.g. --pids-limit 200), or mem_limit / pids_limit in Compose; a daemon-wide \"default-pids-limit\" in daemon.json covers containers that set none.",
  needs: ["engine.containers"],
  // Fails only when both are missing: CIS 5.11 and 5.29 judge each limit alone, this check flags the containers
  // open to resource exhaustion of either kind. The daemon's default-pids-limit never shows in the container's
  // HostConfig but applies to it unless the container asked for --pids-limit -1. A limit counts only where the
  // running daemon applies it (GET /info MemoryLimit, PidsLimit; a rootless dockerd on cgroup v1 has no cgroups).
  evaluate: perContainer((c, ctx) => {
    const memory = c.HostConfig.Memory ?? 0;
    const pids = c.HostConfig.PidsLimit ?? 0;
    const evidence: Record<string, unknown> = { Memory: memory, PidsLimit: c.HostConfig.PidsLimit ?? null };
    if (memory > 0 || pids > 0) {
      const limits: CgroupLimit[] = [];
      if (memory > 0) limits.push({ what: `memory ${memory} bytes`, control: "memory" });
      if (pids > 0) limits.push({ what: `${pids} processes`, control: "pids" });
      return enforcedLimits(ctx, pass(`limited (${limits.map((l) => l.what).join(", ")})`, evidence), limits);
    }
    // Podman has no daemon-wide default beside the container's own: it writes containers.conf's pids_limit into
    // each container, where inspect shows it (and shows 0 where it is not applied, e.g. rootless on cgroup v1).
    if (engineOf(ctx.snapshot).kind === "podman") return fail("no memory limit and no process limit (on Podman a default pids_limit shows in the container's own inspect data)", evidence);
    if (pids === 0) {
      if (!ctx.snapshot.daemon.effective.ok) {
        return error(`could not decide: no limit on the container, and whether the daemon applies a default-pids-limit is unknown: ${ctx.snapshot.daemon.effective.error}`, evidence);
      }
      const def = Number(daemonSetting(ctx, "default-pids-limit")?.value ?? 0);
      if (def > 0) {
        const configured = pass(`limited to ${def} processes by the daemon's default-pids-limit`, { ...evidence, "default-pids-limit": def });
        return enforcedLimits(ctx, configured, [{ what: `the daemon's default-pids-limit of ${def} processes`, control: "pids" }]);
      }
    }
    return fail(`no memory limit and no process limit${pids < 0 ? " (--pids-limit -1 removes the daemon's default)" : ""}`, evidence);
  }),
});
