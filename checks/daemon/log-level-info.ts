import { daemonSetting, defineCheck, fail, onDaemon, pass } from "../../src/check-api.js";
import { asBool, settingEvidence } from "./lib.js";

export default defineCheck({
  key: "daemon-log-level-info",
  cis: { "1.6.0": "2.3", "1.8.0": "2.3" },
  title: "The daemon's logging level is 'info'",
  section: "daemon", level: 1, automated: true, severity: "low",
  rationale:
    "At 'info' the daemon records the events an investigation needs without the noise of 'debug', which can also write request details to the log; levels above 'info' drop events you may need later.",
  remediation: 'Set "log-level": "info" in daemon.json (or remove the setting; "info" is the default), drop any --log-level/-l flag and -D/--debug, then restart the daemon.',
  needs: ["daemon.effective"],
  // Flag and daemon.json count alike: docker-bench passes `--log-level=debug` when daemon.json is silent (Q5).
  // Debug mode (-D, "debug": true) forces the debug level whatever log-level says; /info reports it as Debug.
  evaluate: onDaemon((ctx) => {
    const level = daemonSetting(ctx, "log-level");
    const debug = daemonSetting(ctx, "debug");
    const info = ctx.snapshot.engine.info;
    const debugOn = asBool(debug?.value) === true || (info.ok && info.value.Debug === true);
    const evidence = {
      ...settingEvidence("log-level", level, "info"),
      ...settingEvidence("debug", debug, "false"),
      ...(info.ok ? { "info.Debug": info.value.Debug ?? null } : {}),
    };
    if (debugOn) return fail(`debug mode is on${debug ? ` (${debug.origin})` : " (reported by the daemon)"}, so the daemon logs at debug level`, evidence);
    if (!level) return pass('log-level is not set, so dockerd uses its default "info"', evidence);
    const value = String(level.value).toLowerCase();
    return value === "info"
      ? pass(`log-level is "info" (${level.origin})`, evidence)
      : fail(`log-level is "${value}" (${level.origin}), not "info"`, evidence);
  }),
});
