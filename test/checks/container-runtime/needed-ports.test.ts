import check from "../../../checks/container-runtime/needed-ports.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "no published ports passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "published ports are listed for a person to confirm", status: "manual", message: "127.0.0.1:8080->80/tcp, [::]:8443->443/tcp",
    snapshot: snapshot({ containers: [container("web", { NetworkSettings: { Ports: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }], "443/tcp": [{ HostIp: "::", HostPort: "8443" }] } } })] }) },
  { name: "a stopped container with -P asks to confirm every exposed port", status: "manual", message: "-P", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PublishAllPorts: true } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
