import { expect } from "chai";
import check from "../../../checks/daemon/tcp-tls-verify.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { mixed } from "./settings.js";

const certs = { tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/server.pem", tlskey: "/etc/docker/tls/server-key.pem" };

checkTable(check, [
  { name: "no hosts set: dockerd's unix socket only, not applicable", status: "skip", message: "only on unix sockets/fd", snapshot: snapshot() },
  { name: "a unix socket in daemon.json is not applicable", status: "skip", snapshot: snapshot({ settings: { hosts: ["unix:///var/run/docker.sock"] } }) },
  { name: "fd:// is not applicable, with a pointer to docker.socket", status: "skip", message: "ListenStream",
    snapshot: snapshot({ daemon: { effective: mixed({ hosts: ["fd://"] }, {}, { hosts: "-H" }) } }) },
  { name: "tcp with tlsverify and all three files passes", status: "pass",
    snapshot: snapshot({ settings: { hosts: ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"], tlsverify: true, ...certs } }),
    check: (f) => expect(f[0]!.evidence?.tcpListeners).to.deep.equal(["tcp://0.0.0.0:2376"]) },
  { name: "-H tcp:// on the command line with TLS set in daemon.json passes (docker-bench's jq error misses it, Q6)", status: "pass",
    snapshot: snapshot({ daemon: { effective: mixed({ hosts: ["fd://", "tcp://0.0.0.0:2376"] }, { tlsverify: true, ...certs }, { hosts: "-H" }) } }) },
  { name: "--tlsverify without file paths passes: dockerd uses its default files", status: "pass", message: "default files",
    snapshot: snapshot({ daemon: { effective: mixed({ hosts: ["tcp://0.0.0.0:2376"], tlsverify: true }) } }) },
  { name: "several -H tcp:// without TLS fail and every listener is named (Q6)", status: "fail", message: "tcp://0.0.0.0:2375, tcp://10.0.0.5:2375",
    snapshot: snapshot({ daemon: { effective: mixed({ hosts: ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375", "tcp://10.0.0.5:2375"] }, {}, { hosts: "-H" }) } }),
    check: (f) => expect(f[0]!.evidence?.tcpListeners).to.have.length(2) },
  { name: "TLS without client verification fails", status: "fail", message: "TLS without client verification",
    snapshot: snapshot({ settings: { hosts: ["tcp://0.0.0.0:2376"], tls: true, ...certs } }) },
  { name: "tlsverify false with tls true is still unverified", status: "fail", message: "without client verification",
    snapshot: snapshot({ settings: { hosts: ["tcp://0.0.0.0:2376"], tls: true, tlsverify: false, ...certs } }) },
  { name: "a TCP address without scheme is TCP to dockerd", status: "fail", message: "without TLS",
    snapshot: snapshot({ daemon: { effective: mixed({ hosts: [":2375"] }, {}, { hosts: "-H" }) } }) },
  { name: "the text tcp:// elsewhere in daemon.json is not a listener", status: "skip",
    snapshot: snapshot({ settings: { hosts: ["unix:///run/docker.sock"], "log-opts": { "syslog-address": "tcp://logs:514" } } }) },
  { name: "DOCKER_TLS_VERIFY in dockerd's environment does not turn TLS on: still a failure, and the finding says why", status: "fail",
    message: "DOCKER_TLS_VERIFY in dockerd's environment does not turn TLS on",
    snapshot: snapshot({
      daemon: {
        process: okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["dockerd", "-H", "tcp://0.0.0.0:2376"], matchedBy: "test", rootless: false, environment: { DOCKER_CERT_PATH: "/srv/certs", names: ["DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"] } }, "/proc/100/cmdline"),
        effective: mixed({ hosts: ["tcp://0.0.0.0:2376"] }, {}, { hosts: "-H" }),
      },
    }),
    check: (f) => expect(f[0]!.evidence?.["source"]).to.equal("flag") },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
]);
