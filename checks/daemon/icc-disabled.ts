import { defaultBridge, defineCheck, fail, onDaemon, parseGoBool, pass, skip } from "../../src/check-api.js";

export default defineCheck({
  key: "daemon-icc-disabled",
  cis: { "1.6.0": "2.2", "1.8.0": "2.2" },
  title: "Network traffic is restricted between containers on the default bridge",
  section: "daemon", level: 1, automated: true, severity: "medium",
  rationale:
    "On the default bridge every container can reach every other container's ports. A compromised container can then probe and attack its neighbours; with inter-container communication off, only explicitly linked or published traffic flows.",
  remediation:
    'Set "icc": false in daemon.json (or start dockerd with --icc=false) and restart the daemon; put containers that must talk to each other on a user-defined network.',
  needs: ["engine.networks"],
  // Decided from the effective state: the option the daemon applied to its default bridge, which reflects the
  // flag and daemon.json alike (peers that read only one of them miss the other).
  evaluate: onDaemon((ctx) => {
    const bridge = defaultBridge(ctx.networks);
    if (!bridge) return skip("the daemon has no default bridge network (started with --bridge=none)");
    const icc = bridge.Options?.["com.docker.network.bridge.enable_icc"];
    const evidence = { network: bridge.Name, "com.docker.network.bridge.enable_icc": icc ?? null };
    // libnetwork reads the option with strconv.ParseBool, so "0" and "False" disable it too.
    return parseGoBool(icc) === false
      ? pass("inter-container communication is disabled on the default bridge", evidence)
      : fail("containers on the default bridge can reach each other (icc is enabled)", evidence);
  }),
});
