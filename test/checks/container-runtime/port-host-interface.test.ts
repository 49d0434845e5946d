import check from "../../../checks/container-runtime/port-host-interface.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const running = (Ports: Record<string, { HostIp: string; HostPort: string }[] | null>) =>
  snapshot({ containers: [container("web", { NetworkSettings: { Ports } })] });
const stopped = (PortBindings: Record<string, { HostIp: string; HostPort: string }[]>, settings: Record<string, unknown> = {}) =>
  snapshot({ allContainers: true, settings, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PortBindings } })] });

checkTable(check, [
  { name: "no published ports passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "ports bound to a specific address pass", status: "pass",
    snapshot: running({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }], "443/tcp": [{ HostIp: "::1", HostPort: "8443" }] }) },
  { name: "0.0.0.0 fails", status: "fail", message: "0.0.0.0:8080->80/tcp", snapshot: running({ "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }] }) },
  { name: "the IPv6 wildcard :: fails", status: "fail", message: "[::]:8080", snapshot: running({ "80/tcp": [{ HostIp: "::", HostPort: "8080" }] }) },
  { name: "the bracketed IPv6 wildcard [::] fails", status: "fail", snapshot: running({ "80/tcp": [{ HostIp: "[::]", HostPort: "8080" }] }) },
  { name: "a configured binding without an address uses dockerd's default of all interfaces", status: "fail", containers: { all: true },
    snapshot: stopped({ "80/tcp": [{ HostIp: "", HostPort: "8080" }] }) },
  { name: "a configured binding without an address honours the daemon's ip setting", status: "pass", containers: { all: true },
    snapshot: stopped({ "80/tcp": [{ HostIp: "", HostPort: "8080" }] }, { ip: "127.0.0.1" }) },
  { name: "when the daemon's configuration is unreadable an unaddressed binding is an error, neither pass nor fail", status: "error", containers: { all: true },
    message: /could not decide: .*8080.*daemon's configuration could not be read: EACCES/,
    snapshot: snapshot({ allContainers: true, daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") },
      containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] } } })] }) },
  { name: "with the daemon's configuration unreadable, -P on a stopped container is an error", status: "error", containers: { all: true }, message: "-P",
    snapshot: snapshot({ allContainers: true, daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") },
      containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PublishAllPorts: true } })] }) },
  { name: "with the daemon's configuration unreadable, an explicit wildcard still fails", status: "fail", containers: { all: true }, message: "0.0.0.0:8080",
    snapshot: snapshot({ allContainers: true, daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") },
      containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }], "81/tcp": [{ HostIp: "", HostPort: "8081" }] } } })] }) },
  { name: "with the daemon's configuration unreadable, a running container is judged on what dockerd bound", status: "pass",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") },
      containers: [container("web", { NetworkSettings: { Ports: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] } } })] }) },
  { name: "-P on a stopped container with the default address fails", status: "fail", containers: { all: true }, message: "-P",
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PublishAllPorts: true } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
