import { defineCheck, manual, onDaemon } from "../../src/check-api.js";

export default defineCheck({
  key: "container-exec-user-root",
  cis: { "1.6.0": "5.24", "1.8.0": "5.24" },
  title: "docker exec is not used with --user=root",
  section: "container-runtime", level: 2, automated: false, scored: false, severity: "medium",
  rationale:
    "docker exec --user=root runs a command as root inside a container whose workload was deliberately given an unprivileged user, undoing that separation for the command.",
  remediation:
    "Do not use docker exec --user=root (or -u 0). Audit the Docker client and daemon (auditd, or an authorization plugin) and review exec events for a root user.",
  needs: [],
  // The Engine API keeps no history of exec calls, so this cannot be decided from a snapshot.
  evaluate: onDaemon(() =>
    manual("the Engine API keeps no record of past exec calls; review the host's audit log (e.g. `ausearch -k docker | grep exec | grep user`) or the daemon's authorization-plugin logs for docker exec --user=root")),
});
