import { defineCheck, error, type Evidence, fail, manual, onDaemon, pass, type Verdict } from "../../src/check-api.js";
import { engineInfo, readSetting } from "./lib.js";

// Drivers whose whole job is to ship each log line to a collector elsewhere.
const SHIPS_OFF_HOST = new Set(["fluentd", "gelf", "awslogs", "splunk", "gcplogs", "logentries"]);
// Drivers that keep logs in files or an event log on this host, or discard them (etwlogs writes to the local
// Windows event tracing, not to a remote collector).
const STAYS_ON_HOST = new Set(["json-file", "local", "none", "etwlogs"]);

/** syslog's default target is the local syslog socket; only a network address on another host leaves the host. */
function remoteSyslog(address: string | undefined): boolean {
  if (!address) return false;
  const [, , named] = /^(tcp|udp|tcp\+tls):\/\/\[?([^\]]+?)\]?(?::\d+)?$/i.exec(address.trim()) ?? [];
  if (named === undefined) return false;
  const host = named.toLowerCase();
  return !(host === "localhost" || host.startsWith("127.") || host === "::1");
}

export default defineCheck({
  key: "daemon-remote-logging",
  cis: { "1.6.0": "2.13", "1.8.0": "2.14" },
  title: "Centralized and remote logging is configured",
  section: "daemon", level: 2, automated: true, severity: "medium",
  rationale:
    "Container logs kept only on the host are lost with it and can be altered or deleted by whoever compromises it. Shipping them to a central collector keeps the evidence, and lets you correlate events across hosts.",
  remediation:
    'Set a log driver that ships logs off the host as the default, e.g. "log-driver": "syslog" with "log-opts": {"syslog-address": "tcp+tls://logs.example:6514"}, or fluentd, gelf, awslogs, splunk or gcplogs, then restart the daemon. With journald or local syslog, forward the host\'s logs to a central server.',
  needs: ["engine.info"],
  // Only drivers that really leave the host pass: docker-bench passes anything but json-file, so local, none and
  // journald pass there (Q9). journald and syslog to the local socket hand logs to the host's logging system,
  // whose forwarding dockaudit does not read: a human must confirm it.
  evaluate: onDaemon((ctx): Verdict => {
    const driver = engineInfo(ctx).LoggingDriver;
    if (!driver) return error("the Engine API did not report the default logging driver");
    const evidence: Evidence = { LoggingDriver: driver };
    if (SHIPS_OFF_HOST.has(driver)) return pass(`the default log driver ${driver} ships container logs off the host`, evidence);
    if (STAYS_ON_HOST.has(driver)) {
      return fail(driver === "none" ? "container logs are discarded (log driver none)" : `the default log driver ${driver} keeps container logs on this host only`, evidence);
    }
    if (driver === "journald") {
      return manual("container logs go to the host's journal; confirm the journal is forwarded to a central log server", evidence);
    }
    if (driver === "syslog") {
      const opts = readSetting(ctx, "log-opts");
      if (!opts.readable) return manual(`container logs go to syslog, but its address could not be read (${opts.reason}); confirm they reach a remote server`, evidence);
      const address = (opts.setting?.value as Record<string, unknown> | undefined)?.["syslog-address"];
      const ev = { ...evidence, "syslog-address": typeof address === "string" ? address : null, ...(opts.setting ? { "log-opts origin": opts.setting.origin } : {}) };
      return remoteSyslog(typeof address === "string" ? address : undefined)
        ? pass(`container logs are sent to the remote syslog server ${String(address)}`, ev)
        : manual("container logs go to the local syslog; confirm it forwards them to a central log server", ev);
    }
    return manual(`the default log driver is the plugin or driver "${driver}"; confirm it ships logs off the host`, evidence);
  }),
});
