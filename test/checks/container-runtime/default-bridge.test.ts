import check from "../../../checks/container-runtime/default-bridge.js";
import { checkTable } from "../../support/check-tester.js";
import { bridgeNetwork, container, errFact, snapshot } from "../../support/fixtures.js";

// Networks is replaced, not merged into the fixture's default bridge attachment.
function onNet(name: string, nets: Record<string, { NetworkID: string }> | null, NetworkMode: string) {
  const c = container(name, { HostConfig: { NetworkMode } });
  c.NetworkSettings.Networks = nets;
  return c;
}

const PODMAN = { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] };

checkTable(check, [
  { name: "a container on a user-defined network passes", status: "pass", message: "appnet",
    snapshot: snapshot({ containers: [onNet("web", { appnet: { NetworkID: "n2" } }, "appnet")] }) },
  { name: "a container on the default bridge is named for a person to confirm", status: "manual", message: "docker0",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "the bridge's real interface name is shown", status: "manual", message: "br-custom0",
    snapshot: snapshot({ networks: [bridgeNetwork({ "com.docker.network.bridge.name": "br-custom0" })], containers: [container("web")] }) },
  { name: "no container is left out because of its name (a peer drops names containing \"nil\")", status: "manual",
    subjects: { vanilla: "manual", api: "pass" },
    snapshot: snapshot({ containers: [container("vanilla"), onNet("api", { appnet: { NetworkID: "n2" } }, "appnet")] }) },
  { name: "a container on the host network is not on the bridge", status: "pass",
    snapshot: snapshot({ containers: [onNet("web", { host: { NetworkID: "h1" } }, "host")] }) },
  { name: "on Podman, its default network \"podman\" is the shared default", status: "manual", message: 'Podman\'s default network "podman"',
    subjects: { web: "manual", api: "pass" },
    snapshot: snapshot({ version: PODMAN, containers: [onNet("web", { podman: { NetworkID: "p1" } }, "bridge"), onNet("api", { appnet: { NetworkID: "n2" } }, "appnet")] }) },
  { name: "on Docker a network a user named \"podman\" is user-defined", status: "pass",
    snapshot: snapshot({ containers: [onNet("web", { podman: { NetworkID: "p1" } }, "podman")] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
