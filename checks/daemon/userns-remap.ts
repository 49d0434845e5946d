import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { engineInfo, readEvidence, readSetting, securityOption } from "./lib.js";

export default defineCheck({
  key: "daemon-userns-remap",
  cis: { "1.6.0": "2.9", "1.8.0": "2.10" },
  title: "User namespace support is enabled",
  section: "daemon", level: 2, automated: true, severity: "medium",
  rationale:
    "Without user namespace remapping, root in a container is root on the host: a process that breaks out, or a host directory mounted into the container, is handled with full root rights. With remapping, container root maps to an unprivileged range of host ids.",
  remediation:
    'Set "userns-remap": "default" (or a dedicated user) in daemon.json or --userns-remap, make sure /etc/subuid and /etc/subgid hold a range for that user, then restart the daemon. Existing images and volumes are stored per mapping and must be pulled or re-owned.',
  needs: ["engine.info"],
  // Decided from what the running daemon reports (SecurityOptions name=userns), not from the configuration, which
  // may be pending a restart. A rootless daemon maps container root to its unprivileged user, which meets the
  // recommendation's intent even though it does not report name=userns.
  evaluate: onDaemon((ctx) => {
    const info = engineInfo(ctx);
    const configured = readSetting(ctx, "userns-remap");
    const evidence = { SecurityOptions: info.SecurityOptions ?? null, ...readEvidence("userns-remap", configured, "none") };
    if (!info.SecurityOptions) return error("the Engine API did not report SecurityOptions", evidence);
    if (securityOption(info, "userns")) return pass("the daemon remaps container users into a user namespace (userns-remap)", evidence);
    if (securityOption(info, "rootless")) return pass("the daemon runs rootless, so container root maps to its unprivileged user", evidence);
    const pending = configured.readable && configured.setting && configured.setting.value !== "" ? configured.setting : undefined;
    return fail(
      pending
        ? `userns-remap is configured (${pending.origin}) but the running daemon does not remap users; restart it to apply`
        : "user namespace remapping is off: root in a container is root on the host",
      evidence,
    );
  }),
});
