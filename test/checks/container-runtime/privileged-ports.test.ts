import check from "../../../checks/container-runtime/privileged-ports.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const running = (Ports: Record<string, { HostIp: string; HostPort: string }[] | null>) =>
  snapshot({ containers: [container("web", { NetworkSettings: { Ports } })] });

checkTable(check, [
  { name: "no published ports passes", status: "pass", message: "publishes no ports", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "host port 1024 is the first unprivileged port and passes", status: "pass",
    snapshot: running({ "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "1024" }] }) },
  { name: "host port 80 fails", status: "fail", message: "0.0.0.0:80->80/tcp", snapshot: running({ "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "80" }] }) },
  { name: "host port 1023 fails", status: "fail", snapshot: running({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "1023" }] }) },
  { name: "an IPv6 binding is checked too", status: "fail", message: "[::]:443",
    snapshot: running({ "443/tcp": [{ HostIp: "0.0.0.0", HostPort: "8443" }, { HostIp: "::", HostPort: "443" }] }) },
  { name: "an exposed but unpublished port (null) is ignored", status: "pass", snapshot: running({ "80/tcp": null }) },
  { name: "a stopped container is judged by its configured bindings", status: "fail", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PortBindings: { "53/udp": [{ HostIp: "", HostPort: "53" }] } } })] }) },
  { name: "an ephemeral configured port (-P or empty HostPort) is fine", status: "pass", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "" }] } } })] }) },
  { name: "a port range starting below 1024 fails", status: "fail", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "created", Running: false }, HostConfig: { PortBindings: { "1000-1100/tcp": [{ HostIp: "", HostPort: "1000-1100" }] } } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
