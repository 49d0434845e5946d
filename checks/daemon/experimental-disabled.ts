import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";

export default defineCheck({
  key: "daemon-experimental-disabled",
  cis: { "1.6.0": "2.18", "1.8.0": "2.19" },
  title: "Experimental features are not enabled in production",
  section: "daemon", level: 1, automated: true, severity: "low",
  rationale:
    "Experimental daemon features have not had the testing and API stability guarantees of released ones; enabling them in production adds untested code paths to a root-privileged service.",
  remediation: 'Remove "experimental": true from daemon.json and any --experimental flag, then restart the daemon.',
  needs: ["engine.version"],
  // Judged on every engine version: docker-bench calls the control deprecated from 19.04 on and never reads the
  // flag (Q7), but CIS still has it (2.19 in v1.8.0).
  evaluate: onDaemon((ctx) => {
    const version = ctx.snapshot.engine.version;
    const info = ctx.snapshot.engine.info;
    const fromVersion = version.ok ? version.value.Experimental : undefined;
    const fromInfo = info.ok ? info.value.ExperimentalBuild : undefined;
    const experimental = typeof fromVersion === "boolean" ? fromVersion : fromInfo;
    const evidence = { "version.Experimental": fromVersion ?? null, "info.ExperimentalBuild": fromInfo ?? null };
    if (typeof experimental !== "boolean") return error("neither /version nor /info reported whether experimental features are on", evidence);
    return experimental
      ? fail("the daemon runs with experimental features enabled", evidence)
      : pass("experimental features are disabled", evidence);
  }),
});
