import { type ContainerProcess, defineCheck, fail, isVerdict, pass, perContainer, skip, subjectFact } from "../../src/check-api.js";

/** OpenSSH (children show as "sshd: user@pts/0"; 9.8+ adds sshd-session and sshd-auth) and Dropbear. */
const SSH_SERVER = /^(sshd(-session|-auth)?|dropbear)(:|$)/;

export default defineCheck({
  key: "container-no-sshd",
  cis: { "1.6.0": "5.7", "1.8.0": "5.7" },
  title: "No SSH server runs within the container",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "An SSH server inside a container is one more network service with credentials to manage, patch and audit, and it bypasses the access control and logging of the Docker API. `docker exec` already gives operators a shell when they need one.",
  remediation: "Remove the SSH server from the image and its start command; use `docker exec` for interactive access.",
  needs: ["engine.containers", "engine.processes"],
  // Read from the daemon's process list (GET /containers/{id}/top), never by running ps inside the container:
  // that would change the container and passes silently when the image has no ps.
  evaluate: perContainer((c, ctx) => {
    if (!c.State.Running) return skip(`is not running (${c.State.Status}); it has no processes to list`);
    const procs = subjectFact<ContainerProcess[]>(ctx, "engine.processes", c.Id);
    if (isVerdict(procs)) return procs;
    const names = (p: { command: string }) => {
      const program = p.command.trim().replace(/\s[\s\S]*$/, "");
      return program.slice(program.lastIndexOf("/") + 1);
    };
    const ssh = procs.value.filter((p) => SSH_SERVER.test(names(p)));
    if (ssh.length > 0) {
      return fail(`runs an SSH server: ${[...new Set(ssh.map(names))].join(", ")}`, { processes: ssh.map((p) => ({ pid: p.pid, command: names(p) })) });
    }
    return pass(`runs no SSH server (${procs.value.length} ${procs.value.length === 1 ? "process" : "processes"} seen)`, { processes: procs.value.length });
  }),
});
