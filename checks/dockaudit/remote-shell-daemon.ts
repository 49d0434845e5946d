import { type ContainerProcess, defineCheck, fail, isVerdict, pass, perContainer, skip, subjectFact } from "../../src/check-api.js";

/** Remote login daemons; `sshd-session` is what OpenSSH 9.8+ runs per connection. */
const REMOTE_SHELL = new Set(["sshd", "sshd-session", "sshd-auth", "dropbear", "telnetd", "in.telnetd", "utelnetd", "rlogind", "in.rlogind", "rshd", "in.rshd"]);

/** `sshd: user@pts/0` (sshd's retitled children) → `sshd`. */
function executable(command: string): string {
  return command.trim().replace(/\s[\s\S]*$/, "").replace(/:$/, "");
}

export default defineCheck({
  key: "da-remote-shell-daemon",
  ownId: "X.3",
  title: "No SSH or telnet daemon runs inside containers",
  section: "dockaudit", level: 1, automated: true, severity: "medium",
  rationale:
    "A login daemon in a container is another network service to attack and to keep patched, with its own keys and passwords to manage, and it lets people bypass the audited `docker exec` path. Telnet also sends credentials in clear.",
  remediation:
    "Remove the daemon from the image and its start-up; use `docker exec` (audited, and subject to the daemon's access control) to get a shell when one is needed.",
  needs: ["engine.containers", "engine.processes"],
  // Read from the process list the daemon gives for each running container (GET /containers/{id}/top), never by
  // running `ps` inside it: docker-bench-security's `docker exec ps` changes the container and passes silently when
  // the image has no ps (Q24).
  evaluate: perContainer((c, ctx) => {
    if (!c.State.Running) return skip("not running, so no processes to read");
    const procs = subjectFact<ContainerProcess[]>(ctx, "engine.processes", c.Id);
    if (isVerdict(procs)) return procs;
    const found = procs.value.filter((p) => REMOTE_SHELL.has(executable(p.command)));
    const evidence = { processes: procs.value.length, remoteShell: found.map((p) => ({ command: executable(p.command), pid: p.pid ?? null })) };
    return found.length > 0
      ? fail(`runs a remote login daemon: ${[...new Set(found.map((p) => executable(p.command)))].join(", ")}`, evidence)
      : pass(`none of its ${procs.value.length} process(es) is an SSH or telnet daemon`, { processes: procs.value.length });
  }),
});
