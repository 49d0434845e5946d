import { defineCheck, error, fail, pass, perContainer } from "../../src/engine/define.js";
import { securityOpts } from "./lib.js";

export default defineCheck({
  key: "container-seccomp-profile",
  cis: { "1.6.0": "5.22", "1.8.0": "5.22" },
  title: "The default seccomp profile is not disabled",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "Docker's default seccomp profile blocks system calls that containers do not need and that kernel exploits like to use (keyctl, unshare, mount, ptrace on older kernels). Without it, the container can reach the whole kernel system-call surface.",
  remediation:
    "Remove --security-opt seccomp=unconfined and --privileged from the container; if a system call is missing, write a custom profile that adds just that call. Do not set the daemon's seccomp-profile to unconfined.",
  needs: ["engine.containers"],
  // Both separators (seccomp=unconfined, seccomp:unconfined) are matched; privileged containers get no seccomp
  // filter at all, and neither do containers of a daemon whose default profile is unconfined or that lacks seccomp.
  evaluate: perContainer((c, ctx) => {
    const opt = securityOpts(c).filter((o) => o.key === "seccomp").pop();
    const info = ctx.snapshot.engine.info;
    const daemonOpts = info.ok ? info.value.SecurityOptions : undefined;
    const daemonSeccomp = daemonOpts?.find((o) => o.startsWith("name=seccomp"));
    const daemonProfile = daemonSeccomp ? (/profile=([^,]*)/.exec(daemonSeccomp)?.[1] ?? "default") : null;
    const evidence = { seccompOption: opt ? (opt.value?.trimStart().startsWith("{") ? `${opt.key}=<profile JSON>` : opt.raw) : null, Privileged: c.HostConfig.Privileged === true, daemonProfile };
    if (c.HostConfig.Privileged) return fail("is privileged, which turns seccomp filtering off", evidence);
    if (opt?.value === "unconfined") return fail(`runs without seccomp (${opt.raw})`, evidence);
    if (opt) return pass(opt.value === "builtin" ? "runs with Docker's built-in seccomp profile" : "runs with a custom seccomp profile", evidence);
    if (!info.ok) return error(`has no seccomp option and the daemon's default profile could not be read: ${info.error}`, evidence);
    if (daemonOpts === undefined) return error("the daemon did not report its security options, so its default seccomp profile is unknown", evidence);
    if (daemonProfile === null) return fail("gets no seccomp filter: the daemon does not support seccomp", evidence);
    if (daemonProfile === "unconfined") return fail("gets no seccomp filter: the daemon's default profile is unconfined", evidence);
    return pass(`runs with the daemon's default seccomp profile (${daemonProfile})`, evidence);
  }),
});
