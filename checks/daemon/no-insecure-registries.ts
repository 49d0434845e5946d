import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { asList, engineInfo, readEvidence, readSetting } from "./lib.js";

interface RegistryConfig {
  InsecureRegistryCIDRs?: string[] | null;
  IndexConfigs?: Record<string, { Name?: string; Secure?: boolean }> | null;
}

// dockerd always adds these itself (127.0.0.0/8 since ever, ::1/128 in newer engines); they are not a choice the
// operator made and only cover registries on this host (docker-bench#529).
const LOOPBACK_DEFAULTS = new Set(["127.0.0.0/8", "::1/128"]);

export default defineCheck({
  key: "daemon-no-insecure-registries",
  cis: { "1.6.0": "2.5", "1.8.0": "2.5" },
  title: "Insecure registries are not used",
  section: "daemon", level: 1, automated: true, severity: "high",
  rationale:
    "For a registry marked insecure Docker accepts plain HTTP or an unverified certificate, so anyone on the network path can read or replace the images pulled and pushed, and with them what runs on this host.",
  remediation:
    'Remove the entries from "insecure-registries" in daemon.json and any --insecure-registry flag, give those registries a TLS certificate (its CA in /etc/docker/certs.d/<registry>/ca.crt if private), then restart or reload the daemon.',
  needs: ["engine.info"],
  // The daemon's own RegistryConfig shows what it applies (including a reload); the configured list adds origin
  // and covers an API that does not report it. Either source naming a registry fails.
  evaluate: onDaemon((ctx) => {
    const rc = engineInfo(ctx).RegistryConfig as RegistryConfig | undefined;
    const configured = readSetting(ctx, "insecure-registries");
    const fromApi = rc
      ? [
          ...(rc.InsecureRegistryCIDRs ?? []),
          ...Object.entries(rc.IndexConfigs ?? {}).filter(([, i]) => i.Secure === false).map(([k, i]) => i.Name ?? k),
        ]
      : undefined;
    const fromConfig = configured.readable ? asList(configured.setting?.value) : undefined;
    const evidence = {
      ...readEvidence("insecure-registries", configured, "none"),
      "RegistryConfig.InsecureRegistryCIDRs": rc ? (rc.InsecureRegistryCIDRs ?? []) : "not reported",
    };
    if (fromApi === undefined && fromConfig === undefined) {
      const why = configured.readable ? "its value is not a list of registries" : configured.reason;
      return error(`the Engine API did not report RegistryConfig and the daemon configuration is unusable: ${why}`, evidence);
    }
    const insecure = [...new Set([...(fromApi ?? []), ...(fromConfig ?? [])])].filter((r) => !LOOPBACK_DEFAULTS.has(r));
    return insecure.length > 0
      ? fail(`the daemon treats ${insecure.length} registr${insecure.length === 1 ? "y" : "ies"} as insecure: ${insecure.join(", ")}`, { ...evidence, insecureRegistries: insecure })
      : pass("no insecure registries beyond Docker's built-in loopback range", { ...evidence, insecureRegistries: [] });
  }),
});
