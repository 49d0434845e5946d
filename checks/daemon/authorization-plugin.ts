import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { asList, engineInfo, readEvidence, readSetting } from "./lib.js";

export default defineCheck({
  key: "daemon-authorization-plugin",
  cis: { "1.6.0": "2.12", "1.8.0": "2.13" },
  title: "Authorization for Docker client commands is enabled",
  section: "daemon", level: 2, automated: true, severity: "medium",
  rationale:
    "Docker's own access model is all or nothing: anyone who can reach the API can do everything, including running privileged containers. An authorization plugin lets you allow or deny individual API requests per user.",
  remediation:
    'Install an authorization plugin, configure its policy, and enable it with "authorization-plugins": ["<plugin>"] in daemon.json or --authorization-plugin=<plugin>, then reload the daemon. If a platform in front of Docker enforces access instead, record that (e.g. as a waiver).',
  needs: ["engine.info"],
  // /info lists the plugins the daemon enforces now (null when none); a plugin that is only configured does not
  // count, since the daemon has not loaded it. The configuration decides only when the API does not say.
  evaluate: onDaemon((ctx) => {
    const plugins = engineInfo(ctx).Plugins;
    const configured = readSetting(ctx, "authorization-plugins");
    const evidence = { ...readEvidence("authorization-plugins", configured, "none") };
    const fromConfig = configured.readable ? asList(configured.setting?.value) : undefined;
    if (plugins && "Authorization" in plugins) {
      const active = plugins.Authorization ?? [];
      const ev = { ...evidence, "Plugins.Authorization": active };
      if (active.length > 0) return pass(`requests pass through authorization plugin(s): ${active.join(", ")}`, ev);
      return fail(
        fromConfig && fromConfig.length > 0
          ? `authorization plugin(s) ${fromConfig.join(", ")} are configured but the daemon does not use them; reload or restart it`
          : "no authorization plugin: anyone who can reach the API may run any command",
        ev,
      );
    }
    if (!configured.readable) return error(`the Engine API did not list authorization plugins and the daemon configuration could not be read: ${configured.reason}`, evidence);
    if (fromConfig === undefined) return error(`authorization-plugins is not a list (${configured.setting?.origin})`, evidence);
    const setting = configured.setting;
    return fromConfig.length > 0 && setting
      ? pass(`authorization plugin(s) configured: ${fromConfig.join(", ")} (${setting.origin}; the Engine API did not list them)`, evidence)
      : fail("no authorization plugin: anyone who can reach the API may run any command", evidence);
  }),
});
