import { defineCheck, manual, onDaemon } from "../../src/check-api.js";

export default defineCheck({
  key: "container-exec-privileged",
  cis: { "1.6.0": "5.23", "1.8.0": "5.23" },
  title: "docker exec is not used with --privileged",
  section: "container-runtime", level: 2,
  // CIS labels this Automated, but its audit reads the host's audit log for past exec calls. The Engine API keeps
  // no exec history and dockaudit does not read audit logs, so a person must review them: manual and unscored.
  automated: false, scored: false, severity: "high",
  rationale:
    "docker exec --privileged runs a command with every capability and no confinement inside a container that was started restricted, undoing the container's hardening for that command.",
  remediation:
    "Do not use docker exec --privileged. Watch for it: audit the Docker daemon and client (auditd rules on /usr/bin/docker and the socket, or an authorization plugin) and review the events.",
  needs: [],
  evaluate: onDaemon(() =>
    manual("the Engine API keeps no record of past exec calls; review the host's audit log (e.g. `ausearch -k docker | grep exec | grep privileged`) or the daemon's authorization-plugin logs for docker exec --privileged")),
});
