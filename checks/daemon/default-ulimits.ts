import { daemonSetting, defineCheck, error, manual, onDaemon, pass } from "../../src/check-api.js";
import { settingEvidence } from "./lib.js";

/** daemon.json (and the collector, for --default-ulimit) give {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}; a spec the collector could not parse stays a string. */
function describe(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.every((x) => typeof x === "string") ? v : undefined;
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>).map(([name, u]) => {
      if (typeof u === "string") return u;
      const { Soft, Hard } = (u ?? {}) as { Soft?: unknown; Hard?: unknown };
      return `${name}=${String(Soft)}:${String(Hard)}`;
    });
  }
  return undefined;
}

export default defineCheck({
  key: "daemon-default-ulimits",
  cis: { "1.6.0": "2.8", "1.8.0": "2.9" },
  title: "Default ulimits for containers are configured appropriately",
  section: "daemon", level: 1, automated: false, scored: false, severity: "low",
  rationale:
    "Without daemon-wide ulimits, containers inherit the daemon's own (often very high) limits, so one container can exhaust file descriptors or processes for the whole host.",
  remediation:
    'Set "default-ulimits" in daemon.json (e.g. {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}}) or --default-ulimit nofile=64000:64000 to values that fit your workloads, then restart the daemon; containers that need more can override per container.',
  needs: ["daemon.effective"],
  // CIS leaves "appropriate" to a human: configured limits are listed as a pass, their absence is for review.
  evaluate: onDaemon((ctx) => {
    const s = daemonSetting(ctx, "default-ulimits");
    const evidence = settingEvidence("default-ulimits", s, "none: containers inherit the daemon's limits");
    const limits = describe(s?.value);
    if (limits === undefined) return error(`default-ulimits has a shape dockerd does not use (${s?.origin})`, evidence);
    return limits.length > 0 && s
      ? pass(`default ulimits are set (${limits.join(", ")}; ${s.origin}); check that they fit your workloads`, { ...evidence, ulimits: limits })
      : manual("no default ulimits are set, so containers inherit the daemon's limits; decide whether daemon-wide limits are needed", evidence);
  }),
});
