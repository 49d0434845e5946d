import { daemonSetting, defineCheck, error, fail, pass, perContainer } from "../../src/engine/define.js";
import type { EvalContext } from "../../src/engine/types.js";
import { parseGoBool, securityOpts } from "./lib.js";

/** The daemon-wide default, from its effective configuration or from GET /info; undefined when neither was read. */
function daemonDefault(ctx: EvalContext): { value: boolean; from: string } | undefined {
  const info = ctx.snapshot.engine.info;
  if (info.ok && (info.value.SecurityOptions ?? []).includes("name=no-new-privileges")) return { value: true, from: "GET /info SecurityOptions" };
  if (ctx.snapshot.daemon.effective.ok) {
    const s = daemonSetting(ctx, "no-new-privileges");
    const v = typeof s?.value === "string" ? parseGoBool(s.value) : s?.value;
    return { value: v === true, from: s ? s.origin : "dockerd default (off)" };
  }
  if (info.ok && info.value.SecurityOptions !== undefined) return { value: false, from: "GET /info SecurityOptions" };
  return undefined;
}

export default defineCheck({
  key: "container-no-new-privileges",
  cis: { "1.6.0": "5.26", "1.8.0": "5.26" },
  title: "The container is restricted from acquiring additional privileges",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "With no-new-privileges set, a process cannot gain privileges through setuid or setgid binaries or file capabilities. Without it, an intruder running as an unprivileged user in the container can use any such binary in the image to become root.",
  remediation:
    'Start containers with --security-opt no-new-privileges=true, or set "no-new-privileges": true in daemon.json for every container; never override it with no-new-privileges=false.',
  needs: ["engine.containers"],
  // The container's own option wins over the daemon default, as in dockerd (the last one given counts): a daemon
  // default of true does not save a container started with no-new-privileges=false. The value is parsed as a
  // boolean, not matched as a substring, so "no-new-privileges=false" is not mistaken for the option being set.
  evaluate: perContainer((c, ctx) => {
    const opt = securityOpts(c).filter((o) => o.key === "no-new-privileges").pop();
    const evidence: Record<string, unknown> = { securityOpt: opt?.raw ?? null };
    if (opt) {
      const on = opt.value === undefined ? true : parseGoBool(opt.value);
      if (on === true) return pass(`sets ${opt.raw}`, evidence);
      return fail(on === false ? `turns it off with ${opt.raw}` : `has an unrecognised value in ${opt.raw}`, evidence);
    }
    const dflt = daemonDefault(ctx);
    if (!dflt) return error("has no no-new-privileges option and the daemon's default could not be read");
    evidence["daemonDefault"] = dflt;
    return dflt.value
      ? pass(`inherits no-new-privileges from the daemon (${dflt.from})`, evidence)
      : fail("has no no-new-privileges option and the daemon does not set it", evidence);
  }),
});
