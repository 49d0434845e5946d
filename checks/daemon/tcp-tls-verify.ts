import { daemonSetting, defineCheck, error, fail, onDaemon, pass, skip } from "../../src/check-api.js";
import { asBool, asList, settingEvidence } from "./lib.js";

/** dockerd reads a -H value without a scheme ("0.0.0.0:2375", ":2375") as TCP; an empty one as its unix default. */
function isTcp(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === "" || h.startsWith("unix://") || h.startsWith("fd://") || h.startsWith("npipe://")) return false;
  return h.startsWith("tcp://") || !h.includes("://");
}

export default defineCheck({
  key: "daemon-tcp-tls-verify",
  cis: { "1.6.0": "2.7", "1.8.0": "2.8" },
  title: "A daemon listening on TCP requires TLS with client certificate verification",
  section: "daemon", level: 1, automated: true, severity: "critical",
  rationale:
    "Whoever can talk to the Docker API controls the host as root. On a TCP port without TLS client verification, anyone who reaches the port can start a privileged container; TLS alone only encrypts and does not check who connects.",
  remediation:
    'Prefer the local unix socket (or SSH) over a TCP listener. If TCP is needed, set "tlsverify": true with "tlscacert", "tlscert" and "tlskey" in daemon.json (or --tlsverify --tlscacert --tlscert --tlskey), issue client certificates only to trusted users, and restart the daemon.',
  needs: ["daemon.effective"],
  // Every TCP listener counts, from flags and daemon.json alike and however many -H there are (Q6); TLS settings
  // apply to all of them. --tlsverify implies TLS.
  evaluate: onDaemon((ctx) => {
    const hostsSetting = daemonSetting(ctx, "hosts");
    const hosts = asList(hostsSetting?.value);
    const tls = daemonSetting(ctx, "tls");
    const verify = daemonSetting(ctx, "tlsverify");
    const files = ["tlscacert", "tlscert", "tlskey"].map((k) => [k, daemonSetting(ctx, k)] as const);
    const evidence = {
      ...settingEvidence("hosts", hostsSetting, "unix:///var/run/docker.sock"),
      ...settingEvidence("tls", tls, "false"),
      ...settingEvidence("tlsverify", verify, "false"),
      ...Object.assign({}, ...files.map(([k, s]) => settingEvidence(k, s, "~/.docker of the daemon's user"))),
    };
    if (hosts === undefined) return error(`hosts has a value that is not a list of addresses (${hostsSetting?.origin})`, evidence);
    const tcp = hosts.filter(isTcp);
    if (tcp.length === 0) {
      return skip(
        hosts.some((h) => h.trim().toLowerCase().startsWith("fd://"))
          ? "the daemon listens only on unix sockets/fd (fd:// sockets come from systemd: check that the docker.socket unit has no TCP ListenStream)"
          : "the daemon listens only on unix sockets/fd",
        evidence,
      );
    }
    const listeners = tcp.join(", ");
    if (verify && asBool(verify.value) === true) {
      const unset = files.filter(([, s]) => !s).map(([k]) => k);
      return pass(
        unset.length === 0
          ? `TCP listener(s) ${listeners} require TLS with client certificate verification`
          : `TCP listener(s) ${listeners} require TLS with client verification; ${unset.join(", ")} not set, so dockerd uses the default files in ~/.docker of its user`,
        { ...evidence, tcpListeners: tcp, source: verify.source },
      );
    }
    if (tls && asBool(tls.value) === true) {
      return fail(`TCP listener(s) ${listeners} use TLS without client verification: any client that reaches the port controls the daemon`, { ...evidence, tcpListeners: tcp, source: tls.source });
    }
    // dockerd reads DOCKER_CERT_PATH from its environment but not DOCKER_TLS_VERIFY (20.10 and 28.5 serve plain HTTP and warn).
    const proc = ctx.snapshot.daemon.process;
    const envVerify = proc.ok && (proc.value.environment?.names ?? []).some((n) => n === "DOCKER_TLS_VERIFY" || n === "DOCKER_TLS");
    const why = envVerify ? "; DOCKER_TLS_VERIFY in dockerd's environment does not turn TLS on (only the tls/tlsverify flags or daemon.json keys do; dockerd serves plain HTTP and logs a warning)" : "";
    return fail(`TCP listener(s) ${listeners} accept connections without TLS: anyone who reaches the port controls the daemon${why}`, { ...evidence, tcpListeners: tcp, ...(envVerify ? { environment: proc.ok ? proc.value.environment : null } : {}), source: verify?.source ?? tls?.source ?? hostsSetting?.source ?? "daemon.json" });
  }),
});
