import { defineCheck, error, fail, onDaemon, pass } from "../../src/engine/define.js";
import type { EvalContext } from "../../src/engine/types.js";
import { createdByRunningDaemon, kernelView } from "../../src/engine/witness.js";
import { securityOpts } from "../container-runtime/lib.js";
import { asBool, engineInfo, engineMajor, readEvidence, readSetting, securityOption } from "./lib.js";

// moby#45320 (Engine 24.0) made /info list name=no-new-privileges when it is on daemon-wide.
const REPORTED_SINCE = 24;

/**
 * Containers that show what the running daemon's default does: created by it (after it started), running, with
 * no no-new-privileges option of their own, and read by the kernel. Their init's NoNewPrivs is the default applied.
 */
export function nnpDefaultWitnesses(ctx: EvalContext): { name: string; pid: number; on: boolean }[] {
  const out: { name: string; pid: number; on: boolean }[] = [];
  const all = ctx.snapshot.engine.containers;
  for (const c of all.ok ? all.value : []) {
    if (!c.State.Running || createdByRunningDaemon(ctx.snapshot, c) !== true) continue;
    if (securityOpts(c).some((o) => o.key === "no-new-privileges")) continue;
    const k = kernelView(ctx.snapshot, c);
    if (!k.ok || k.value.init.noNewPrivs === null) continue;
    out.push({ name: c.Name.replace(/^\//, ""), pid: k.value.init.pid, on: k.value.init.noNewPrivs });
  }
  return out;
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
    const witnesses = nnpDefaultWitnesses(ctx);
    const evidence: Record<string, unknown> = { SecurityOptions: info.SecurityOptions ?? null, engineMajorVersion: major ?? null, ...readEvidence("no-new-privileges", configured, "false") };
    const value = configured.readable ? configured.setting : undefined;
    const on = value ? asBool(value.value) : false;
    if (witnesses.length > 0) {
      const off = witnesses.filter((w) => !w.on);
      const list = (ws: typeof witnesses) => ws.map((w) => `${w.name} (pid ${w.pid})`).join(", ");
      Object.assign(evidence, { source: "kernel", kernel: witnesses.map((w) => ({ container: w.name, pid: w.pid, NoNewPrivs: w.on ? 1 : 0 })) });
      if (off.length > 0) {
        const why = on === true ? `no-new-privileges is configured (${value!.origin}) but not in effect: ` : "";
        return fail(`${why}the kernel shows NoNewPrivs: 0 for ${list(off)}, created by the running daemon without an option of its own`, evidence);
      }
      return pass(`the kernel shows NoNewPrivs: 1 for ${list(witnesses)}, created by the running daemon without an option of its own`, evidence);
    }
    if (securityOption(info, "no-new-privileges")) return pass("the daemon sets no-new-privileges for containers by default", { ...evidence, source: "API" });
    const off = value
      ? `no-new-privileges is ${JSON.stringify(value.value)} (${value.origin})`
      : `containers may acquire new privileges (${configured.readable ? "no-new-privileges is not set" : "the daemon does not report it"})`;
    if (major !== undefined && major >= REPORTED_SINCE && info.SecurityOptions) {
      return fail(on === true ? `no-new-privileges is configured (${value!.origin}) but the running daemon does not apply it; restart it` : off, { ...evidence, source: "API" });
    }
    if (!configured.readable) return error(`this engine does not report no-new-privileges and the daemon configuration could not be read: ${configured.reason}`, evidence);
    if (on === undefined) return error(`no-new-privileges has a value dockerd does not accept as a boolean (${value!.origin})`, evidence);
    const source = value ? value.source : "daemon.json";
    if (on && value?.stale) return error(`this engine does not report no-new-privileges, no container shows the kernel's view, and ${value.stale}`, { ...evidence, source });
    return on
      ? pass(`no-new-privileges is true (${value!.origin}); this engine does not report it and no container created by the running daemon shows the kernel's view, so the configuration decides`, { ...evidence, source })
      : fail(off, { ...evidence, source });
  }),
});
