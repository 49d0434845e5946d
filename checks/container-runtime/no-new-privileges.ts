import { type ContainerInspect, createdByRunningDaemon, daemonKernel, daemonSecurityOption, daemonSetting, defineCheck, error, type EvalContext, fail, kernelView, pass, perContainer, type Verdict, type Witness } from "../../src/check-api.js";
import { engineMajor } from "../shared.js";
import { parseGoBool, securityOpts } from "./lib.js";

// moby#45320 (Engine 24.0) made /info list name=no-new-privileges when it is on daemon-wide; before, its absence
// proves nothing.
const REPORTED_SINCE = 24;

interface DaemonDefault {
  value: boolean;
  from: string;
  source: Witness;
  /** Why a value read from daemon.json may not be in effect (changed after dockerd started). */
  stale?: string;
}

/** The daemon-wide default, from GET /info or the effective configuration; undefined when neither can tell. */
export function daemonNnpDefault(ctx: EvalContext): DaemonDefault | undefined {
  const info = ctx.snapshot.engine.info;
  const reports = info.ok && info.value.SecurityOptions !== undefined && (engineMajor(ctx) ?? 0) >= REPORTED_SINCE;
  if (info.ok && daemonSecurityOption(info.value.SecurityOptions, "no-new-privileges")) return { value: true, from: "GET /info SecurityOptions", source: "API" };
  if (reports) return { value: false, from: "GET /info SecurityOptions (no name=no-new-privileges)", source: "API" };
  if (!ctx.snapshot.daemon.effective.ok) return undefined;
  const s = daemonSetting(ctx, "no-new-privileges");
  if (!s) return { value: false, from: "not set in flags or daemon.json: dockerd default (off)", source: "daemon.json" };
  const v = typeof s.value === "string" ? parseGoBool(s.value) : s.value;
  return { value: v === true, from: s.origin, source: s.source, ...(s.stale ? { stale: s.stale } : {}) };
}

/** What the configuration says for one container: its own option (last wins, as in dockerd), else the daemon's default. */
function configured(c: ContainerInspect, ctx: EvalContext): Verdict & { source?: Witness } {
  const opt = securityOpts(c).filter((o) => o.key === "no-new-privileges").pop();
  if (opt) {
    const on = opt.value === undefined ? true : parseGoBool(opt.value);
    if (on === true) return { ...pass(`sets ${opt.raw}`), source: "inspect" };
    return { ...fail(on === false ? `turns it off with ${opt.raw}` : `has an unrecognised value in ${opt.raw}`), source: "inspect" };
  }
  const dflt = daemonNnpDefault(ctx);
  if (!dflt) {
    const eff = ctx.snapshot.daemon.effective;
    return error(`has no no-new-privileges option and the daemon's default could not be read${eff.ok ? "" : `: ${eff.error}`}`);
  }
  if (dflt.value && dflt.stale && dflt.source === "daemon.json") return { ...error(`has no no-new-privileges option and the daemon's default cannot be trusted: ${dflt.stale}`), source: dflt.source };
  if (dflt.value && createdByRunningDaemon(ctx.snapshot, c) === false && dflt.source !== "API") {
    return { ...error(`has no no-new-privileges option and was created before the running dockerd started, so it kept the default of the daemon that created it (today's: ${dflt.from})`), source: dflt.source };
  }
  return dflt.value
    ? { ...pass(`inherits no-new-privileges from the daemon (${dflt.from})`), source: dflt.source }
    : { ...fail(`has no no-new-privileges option and the daemon does not set it (${dflt.from})`), source: dflt.source };
}

export default defineCheck({
  key: "container-no-new-privileges",
  cis: { "1.6.0": "5.26", "1.8.0": "5.26" },
  title: "The container is restricted from acquiring additional privileges",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "With no-new-privileges set, a process cannot gain privileges through setuid or setgid binaries or file capabilities. Without it, an intruder running as an unprivileged user in the container can use any such binary in the image to become root.",
  remediation:
    'Start containers with --security-opt no-new-privileges=true, or set "no-new-privileges": true in daemon.json and restart dockerd, then re-create the containers (a container keeps the default of the daemon that created it); never override it with no-new-privileges=false.',
  needs: ["engine.containers"],
  // The kernel decides: NoNewPrivs of the container's init in /proc/PID/status is what is enforced, whatever
  // daemon.json says now (a daemon.json edited after dockerd started, or a container created under an older
  // default). Without the kernel's view, the container's own option wins over the daemon default (the last one
  // given counts, parsed as a Go boolean, not matched as a substring).
  evaluate: perContainer((c, ctx) => {
    const opt = securityOpts(c).filter((o) => o.key === "no-new-privileges").pop();
    const conf = configured(c, ctx);
    const kernel = kernelView(ctx.snapshot, c);
    const evidence: Record<string, unknown> = { securityOpt: opt?.raw ?? null, configured: `${conf.status}: ${conf.message}` };
    if (kernel.ok && kernel.value.init.noNewPrivs !== null) {
      const on = kernel.value.init.noNewPrivs;
      const pid = kernel.value.init.pid;
      Object.assign(evidence, { source: "kernel", kernel: { NoNewPrivs: on ? 1 : 0, pid, read: kernel.source } });
      // The container's own option off while its init has no_new_privs: unless dockerd itself runs with it (then
      // everything it starts inherits it), the init set it for itself and processes started by docker exec lack it.
      if (on && conf.status === "fail" && conf.source === "inspect" && daemonKernel(ctx.snapshot)?.noNewPrivs !== true) {
        return fail(`${conf.message} (processes started with docker exec run without it); the kernel shows NoNewPrivs: 1 on its init (pid ${pid}), which set it itself`, { ...evidence, source: "inspect" });
      }
      const disagree = (conf.status === "pass") !== on && conf.status !== "error" ? `; the configuration disagrees (it ${conf.message})` : "";
      return on
        ? pass(`the kernel enforces no_new_privs on its init process (pid ${pid}, NoNewPrivs: 1)${disagree}`, evidence)
        : fail(`the kernel shows NoNewPrivs: 0 for its init process (pid ${pid})${disagree || (conf.status === "error" ? `; ${conf.message}` : "")}`, evidence);
    }
    Object.assign(evidence, { ...(conf.source ? { source: conf.source } : {}), kernel: { unavailable: kernel.ok ? "NoNewPrivs line missing" : kernel.reason } });
    return { status: conf.status, message: conf.message, evidence };
  }),
});
