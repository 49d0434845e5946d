import { type DefaultWitness, defaultWitnesses, defineCheck, error, type EvalContext, fail, onDaemon, pass, witnessList } from "../../src/check-api.js";
import { securityOpts } from "../shared.js";
import { asBool, engineInfo, engineMajor, readEvidence, readSetting, securityOption } from "./lib.js";

// moby#45320 (Engine 24.0) made /info list name=no-new-privileges when it is on daemon-wide.
const REPORTED_SINCE = 24;

/** Running containers with no no-new-privileges option of their own: their init's NoNewPrivs is the default applied. */
export function nnpDefaultWitnesses(ctx: EvalContext): DefaultWitness[] {
  return defaultWitnesses(ctx.snapshot, (c) => !securityOpts(c).some((o) => o.key === "no-new-privileges"), "created")
    .filter((w) => w.init.noNewPrivs !== null);
}

export default defineCheck({
  key: "daemon-no-new-privileges",
  cis: { "1.6.0": "2.14", "1.8.0": "2.15" },
  title: "Containers are restricted from acquiring new privileges by default",
  section: "daemon", level: 1, automated: true, severity: "medium",
  rationale:
    "A process in a container can gain privileges by running a setuid or setgid binary or one with file capabilities. Setting no_new_privs for every container by default closes that path unless a container explicitly needs it.",
  remediation: 'Set "no-new-privileges": true in daemon.json (or --no-new-privileges) and restart the daemon; containers that truly need setuid binaries can opt out with --security-opt no-new-privileges=false.',
  needs: ["engine.info"],
  // Witnesses, strongest first: the kernel's NoNewPrivs of containers the running daemon created without an option
  // of their own (what its default does), then /info SecurityOptions (engines from 24.0 list it when on), then the
  // configuration. The value must be true, not merely mention the option. A daemon.json changed after dockerd
  // started cannot prove what dockerd applies (the key is read only at start).
  evaluate: onDaemon((ctx) => {
    const info = engineInfo(ctx);
    const configured = readSetting(ctx, "no-new-privileges");
    const major = engineMajor(ctx);
    const all = nnpDefaultWitnesses(ctx);
    const witnesses = all.filter((w) => w.byRunningDaemon === true);
    const evidence: Record<string, unknown> = { SecurityOptions: info.SecurityOptions ?? null, engineMajorVersion: major ?? null, ...readEvidence("no-new-privileges", configured, "false") };
    const value = configured.readable ? configured.setting : undefined;
    const on = value ? asBool(value.value) : false;
    const kernelFacts = (ws: DefaultWitness[]) => ws.map((w) => ({ container: w.name, pid: w.init.pid, NoNewPrivs: w.init.noNewPrivs ? 1 : 0 }));
    if (witnesses.length > 0) {
      const off = witnesses.filter((w) => !w.init.noNewPrivs);
      Object.assign(evidence, { source: "kernel", kernel: kernelFacts(witnesses) });
      if (off.length > 0) {
        const why = on === true && value ? `no-new-privileges is configured (${value.origin}) but not in effect: ` : "";
        return fail(`${why}the kernel shows NoNewPrivs: 0 for ${witnessList(off)}, created by the running daemon without an option of its own`, evidence);
      }
      return pass(`the kernel shows NoNewPrivs: 1 for ${witnessList(witnesses)}, created by the running daemon without an option of its own`, evidence);
    }
    if (securityOption(info, "no-new-privileges")) return pass("the daemon sets no-new-privileges for containers by default", { ...evidence, source: "API" });
    const off = value
      ? `no-new-privileges is ${JSON.stringify(value.value)} (${value.origin})`
      : `containers may acquire new privileges (${configured.readable ? "no-new-privileges is not set" : "the daemon does not report it"})`;
    if (major !== undefined && major >= REPORTED_SINCE && info.SecurityOptions) {
      return fail(on === true && value ? `no-new-privileges is configured (${value.origin}) but the running daemon does not apply it; restart it` : off, { ...evidence, source: "API" });
    }
    if (!configured.readable) return error(`this engine does not report no-new-privileges and the daemon configuration could not be read: ${configured.reason}`, evidence);
    if (on === undefined) return error(`no-new-privileges has a value dockerd does not accept as a boolean (${value?.origin ?? "daemon configuration"})`, evidence);
    const source = value ? value.source : "daemon.json";
    if (on && value?.stale) return error(`this engine does not report no-new-privileges, no container shows the kernel's view, and ${value.stale}`, { ...evidence, source });
    // Containers of unknown age (dockerd's start time was not read) that the kernel shows otherwise than the
    // configuration: either they predate it, or the configuration is not what the running daemon applies.
    const against = all.filter((w) => w.init.noNewPrivs !== on);
    if (against.length > 0) {
      return error(
        `the configuration says no-new-privileges is ${on ? "on" : "off"}, but the kernel shows NoNewPrivs: ${on ? 0 : 1} for ${witnessList(against)}, which have no option of their own; dockerd's start time was not read, so whether the running daemon created them (and so which default it applies) cannot be told`,
        { ...evidence, source: "kernel", kernel: kernelFacts(against) },
      );
    }
    return on
      ? pass(`no-new-privileges is true (${value?.origin ?? "daemon configuration"}); this engine does not report it and no container created by the running daemon shows the kernel's view, so the configuration decides`, { ...evidence, source })
      : fail(off, { ...evidence, source });
  }),
});
