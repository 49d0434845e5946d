import { defaultBridge, defineCheck, engineOf, manual, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-default-bridge",
  cis: { "1.6.0": "5.30", "1.8.0": "5.30" },
  title: "Docker's default bridge (docker0) is not used",
  section: "container-runtime", level: 2, automated: false, scored: false, severity: "low",
  rationale:
    "All containers on the default bridge share one network, where by default every one can reach every other and ARP spoofing or MAC flooding between them is possible. User-defined networks separate workloads from each other.",
  remediation: "Attach the container to a user-defined network (docker network create, then --network NAME) instead of the default bridge.",
  needs: ["engine.containers"],
  // Decided from the container's own attachments: the default bridge is always the network named "bridge" (a
  // reserved name). No container is left out by its name.
  // On Podman the default network is named "podman" in a container's attachments (its compatible /networks lists it
  // as "bridge"), and it is as shared as Docker's.
  evaluate: perContainer((c, ctx) => {
    const networks = Object.keys(c.NetworkSettings.Networks ?? {});
    if (engineOf(ctx.snapshot).kind === "podman" && networks.includes("podman")) {
      return manual('is attached to Podman\'s default network "podman"; confirm it cannot use a network of its own', { networks });
    }
    if (!networks.includes("bridge")) return pass(`is not on the default bridge (${networks.join(", ") || c.HostConfig.NetworkMode || "no network"})`, { networks });
    const bridge = defaultBridge(ctx.networks);
    const iface = bridge?.Options?.["com.docker.network.bridge.name"] ?? "docker0";
    return manual(`is attached to the default bridge network "bridge" (${iface}); confirm it cannot use a user-defined network`, { networks, bridgeInterface: iface });
  }),
});
