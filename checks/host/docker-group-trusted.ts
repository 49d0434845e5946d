import { collected, defineCheck, fail, type FileStat, manual, onHost, pass } from "../../src/check-api.js";
import { roleFiles } from "../shared.js";

export default defineCheck({
  key: "host-docker-group-trusted",
  cis: { "1.6.0": "1.1.2", "1.8.0": "1.1.2" },
  title: "Only trusted users are members of the docker group",
  section: "host", level: 1, automated: true, severity: "high",
  rationale:
    "Members of the docker group can use the daemon's socket, start a privileged container with the host's root filesystem mounted and so act as root. Membership must be limited to people trusted with root.",
  remediation:
    "Remove untrusted accounts from the docker group (gpasswd -d USER docker), including accounts whose primary group it is; list the trusted ones with --trusted-users so this check can judge.",
  needs: ["host.dockerGroup"],
  // Members come from /etc/group and from /etc/passwd primary groups; names are compared whole (a trusted "bobby"
  // does not vouch for "bob") and every untrusted member is named, not only the last one found. A root daemon's
  // socket owned by some other group hands control to that group instead, which is reported for review.
  evaluate: onHost((ctx) => {
    const group = collected(ctx.snapshot.host.dockerGroup, "the docker group");
    const g = group.value;
    const sockets = roleFiles(ctx, "docker-socket");
    const rootless = (f: FileStat) => /^\/run\/user\//.test(f.realPath ?? f.path);
    const otherGroups = (sockets.ok ? sockets.files : []).filter((f) => f.exists && f.gid !== undefined && f.gid !== 0 && f.gid !== g.gid && !rootless(f));
    const evidence = { group: "docker", exists: g.exists, gid: g.gid ?? null, members: g.members, source: group.source };
    if (otherGroups.length > 0) {
      const named = otherGroups.map((f) => `${f.path} (group ${f.group ?? f.gid})`).join(", ");
      const socketGroups = otherGroups.map((f) => ({ path: f.path, group: f.group ?? null, gid: f.gid }));
      return manual(`the Docker socket belongs to another group: ${named}; review that group's members`, { ...evidence, sockets: socketGroups });
    }
    if (!g.exists) return pass("there is no docker group: only root can use the daemon's socket", evidence);
    if (g.members.length === 0) return pass("the docker group has no members", evidence);
    const trusted = ctx.options.trustedUsers;
    if (!trusted || trusted.length === 0) {
      return manual(`the docker group has ${g.members.length} member(s): ${g.members.join(", ")}; confirm each is trusted with root (or name them with --trusted-users)`, evidence);
    }
    const allowed = new Set(["root", ...trusted.map((u) => u.trim())]);
    const untrusted = g.members.filter((m) => !allowed.has(m));
    return untrusted.length > 0
      ? fail(`untrusted member(s) of the docker group: ${untrusted.join(", ")}`, { ...evidence, untrusted, trustedUsers: trusted })
      : pass(`every member of the docker group is trusted: ${g.members.join(", ")}`, { ...evidence, trustedUsers: trusted });
  }),
});
