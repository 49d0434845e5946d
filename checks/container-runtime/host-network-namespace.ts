import { defineCheck, perContainer } from "../../src/check-api.js";
import { sharedNamespaceVerdict } from "./lib.js";

export default defineCheck({
  key: "container-host-network-namespace",
  cis: { "1.6.0": "5.10", "1.8.0": "5.10" },
  title: "The host's network namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "In the host's network namespace a container can bind any host port, see all host interfaces and traffic, and reach services listening only on localhost or on the Docker socket over TCP, bypassing Docker's network isolation entirely.",
  remediation: "Start the container without --network=host (network_mode: host in Compose); publish the ports it needs instead.",
  needs: ["engine.containers"],
  // The mode is followed through container: chains (--network=container:X where X uses --network=host).
  evaluate: perContainer((c, ctx) => sharedNamespaceVerdict(c, ctx, "network", { what: "network", flag: "network", notShared: (mode) => `has its own network namespace (${mode})` })),
});
