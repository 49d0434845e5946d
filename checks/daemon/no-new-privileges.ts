import { defineCheck, error, fail, onDaemon, pass } from "../../src/engine/define.js";
import { asBool, engineInfo, engineMajor, readEvidence, readSetting, securityOption } from "./lib.js";

// moby#45320 (Engine 24.0) made /info list name=no-new-privileges when it is on daemon-wide.
const REPORTED_SINCE = 24;

export default defineCheck({
  key: "daemon-no-new-privileges",
  cis: { "1.6.0": "2.14", "1.8.0": "2.15" },
  title: "Containers are restricted from acquiring new privileges by default",
  section: "daemon", level: 1, automated: true, severity: "medium",
  rationale:
    "A process in a container can gain privileges by running a setuid or setgid binary or one with file capabilities. Setting no_new_privs for every container by default closes that path unless a container explicitly needs it.",
  remediation: 'Set "no-new-privileges": true in daemon.json (or --no-new-privileges) and restart the daemon; containers that truly need setuid binaries can opt out with --security-opt no-new-privileges=false.',
  needs: ["engine.info"],
  // The value must be true, not merely mention the option: "no-new-privileges": false passes a substring test.
  // Engines from 24.0 report it in SecurityOptions, which is the effective state; for older engines only the
  // configuration can tell.
  evaluate: onDaemon((ctx) => {
    const info = engineInfo(ctx);
    const configured = readSetting(ctx, "no-new-privileges");
    const major = engineMajor(ctx);
    const evidence = { SecurityOptions: info.SecurityOptions ?? null, engineMajorVersion: major ?? null, ...readEvidence("no-new-privileges", configured, "false") };
    if (securityOption(info, "no-new-privileges")) return pass("the daemon sets no-new-privileges for containers by default", evidence);
    const value = configured.readable ? configured.setting : undefined;
    const on = value ? asBool(value.value) : false;
    const off = value
      ? `no-new-privileges is ${JSON.stringify(value.value)} (${value.origin})`
      : `containers may acquire new privileges (${configured.readable ? "no-new-privileges is not set" : "the daemon does not report it"})`;
    if (major !== undefined && major >= REPORTED_SINCE && info.SecurityOptions) {
      return fail(on === true ? `no-new-privileges is configured (${value!.origin}) but the running daemon does not apply it; restart it` : off, evidence);
    }
    if (!configured.readable) return error(`this engine does not report no-new-privileges and the daemon configuration could not be read: ${configured.reason}`, evidence);
    if (on === undefined) return error(`no-new-privileges has a value dockerd does not accept as a boolean (${value!.origin})`, evidence);
    return on
      ? pass(`no-new-privileges is true (${value!.origin}); this engine does not report it, so the configuration decides`, evidence)
      : fail(off, evidence);
  }),
});
