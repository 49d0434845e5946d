import { expect } from "chai";
import check from "../../../checks/daemon/remote-logging.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "fluentd ships logs off the host and passes", status: "pass", snapshot: snapshot({ info: { LoggingDriver: "fluentd" } }) },
  { name: "gelf passes", status: "pass", snapshot: snapshot({ info: { LoggingDriver: "gelf" } }) },
  { name: "syslog to a remote server passes", status: "pass", message: "tcp+tls://logs.example:6514",
    snapshot: snapshot({ info: { LoggingDriver: "syslog" }, settings: { "log-driver": "syslog", "log-opts": { "syslog-address": "tcp+tls://logs.example:6514" } } }) },
  { name: "json-file (the default) fails", status: "fail", snapshot: snapshot() },
  { name: "local keeps logs on the host and fails (docker-bench passes it, Q9)", status: "fail", snapshot: snapshot({ info: { LoggingDriver: "local" } }) },
  { name: "none discards logs and fails (docker-bench passes it, Q9)", status: "fail", message: "discarded", snapshot: snapshot({ info: { LoggingDriver: "none" } }) },
  { name: "journald is left to a human to confirm forwarding, never a pass (docker-bench passes it, Q9)", status: "manual",
    snapshot: snapshot({ info: { LoggingDriver: "journald" } }) },
  { name: "syslog to the local socket needs confirmation", status: "manual", message: "local syslog",
    snapshot: snapshot({ info: { LoggingDriver: "syslog" } }) },
  { name: "syslog to localhost is local", status: "manual",
    snapshot: snapshot({ info: { LoggingDriver: "syslog" }, settings: { "log-opts": { "syslog-address": "udp://127.0.0.1:514" } } }) },
  { name: "syslog with an unreadable address needs confirmation", status: "manual",
    snapshot: snapshot({ info: { LoggingDriver: "syslog" }, daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "a logging plugin needs confirmation", status: "manual", message: "grafana/loki-docker-driver:latest",
    snapshot: snapshot({ info: { LoggingDriver: "grafana/loki-docker-driver:latest" } }) },
  { name: "log options other than the syslog address stay out of the evidence", status: "pass",
    snapshot: snapshot({ info: { LoggingDriver: "splunk" }, settings: { "log-opts": { "splunk-token": "<redacted: looks like a token>", "splunk-url": "https://splunk:8088" } } }),
    check: (f) => expect(JSON.stringify(f[0]!.evidence)).not.to.contain("splunk-token") },
  { name: "no logging driver reported is an error", status: "error", snapshot: snapshot({ info: { LoggingDriver: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
