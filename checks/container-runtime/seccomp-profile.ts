import { type ContainerInspect, daemonKernel, daemonProcessName, daemonSecurityOption, decideWithKernel, defineCheck, error, type EvalContext, fail, kernelView, pass, perContainer, type Verdict } from "../../src/check-api.js";
import { securityOpts } from "./lib.js";

function configured(c: ContainerInspect, ctx: EvalContext): Verdict {
  const opt = securityOpts(c).filter((o) => o.key === "seccomp").pop();
  const info = ctx.snapshot.engine.info;
  const daemonOpts = info.ok ? info.value.SecurityOptions : undefined;
  const daemonSeccomp = daemonSecurityOption(daemonOpts, "seccomp");
  const daemonProfile = daemonSeccomp ? (daemonSeccomp["profile"] ?? "default") : null;
  const evidence = { seccompOption: opt ? (opt.value?.trimStart().startsWith("{") ? `${opt.key}=<profile JSON>` : opt.raw) : null, Privileged: c.HostConfig.Privileged === true, daemonProfile };
  if (c.HostConfig.Privileged) return fail("is privileged, which turns seccomp filtering off", evidence);
  if (opt?.value === "unconfined") return fail(`runs without seccomp (${opt.raw})`, evidence);
  if (opt) return pass(opt.value === "builtin" ? "runs with Docker's built-in seccomp profile" : "runs with a custom seccomp profile", evidence);
  if (!info.ok) return error(`has no seccomp option and the daemon's default profile could not be read: ${info.error}`, evidence);
  if (daemonOpts === undefined) return error("the daemon did not report its security options, so its default seccomp profile is unknown", evidence);
  if (daemonProfile === null) return fail("gets no seccomp filter: the daemon does not support seccomp", evidence);
  if (daemonProfile === "unconfined") return fail("gets no seccomp filter: the daemon's default profile is unconfined", evidence);
  return pass(`runs with the daemon's default seccomp profile (${daemonProfile})`, evidence);
}

function kernelSeccomp(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const { pid, seccomp, seccompFilters } = k.value.init;
  const d = daemonKernel(ctx.snapshot);
  const facts = { pid, Seccomp: seccomp, Seccomp_filters: seccompFilters ?? null, dockerd: d ? { Seccomp: d.seccomp, Seccomp_filters: d.seccompFilters ?? null } : null, read: k.source };
  if (seccomp === "disabled") return { verdict: fail(`the kernel shows no seccomp filter on its init (pid ${pid}, Seccomp: 0)`), facts };
  if (seccomp === "strict") return { verdict: pass(`the kernel shows its init in seccomp strict mode (pid ${pid})`), facts };
  if (seccomp !== "filter") return { unavailable: `${k.source} has no Seccomp line` };
  const daemon = daemonProcessName(ctx.snapshot);
  if (!d) return { unavailable: `${daemon}'s own seccomp state was not read, so an inherited filter cannot be told apart` };
  if (d.seccomp === "disabled") return { verdict: pass(`the kernel shows a seccomp filter on its init (pid ${pid}, Seccomp: 2; ${daemon} has none of its own)`), facts };
  if (seccompFilters !== undefined && d.seccompFilters !== undefined && seccompFilters > d.seccompFilters) {
    return { verdict: pass(`the kernel shows a seccomp filter of its own on its init (pid ${pid}: ${seccompFilters} filters, ${daemon} ${d.seccompFilters})`), facts };
  }
  return { unavailable: `its init's seccomp filter (pid ${pid}) may be only the one inherited from ${daemon}, which runs under a filter itself` };
}

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
  // The kernel decides where it can: Seccomp of the container's init in /proc/PID/status (0 none, 2 filter). A
  // filter the init merely inherited from dockerd's own (a dockerd under systemd's SystemCallFilter, or itself in a
  // container) proves nothing about the container's profile, so then, and when the filter counts are unknown, inspect
  // and the daemon's default profile decide.
  evaluate: perContainer((c, ctx) => decideWithKernel(configured(c, ctx), kernelSeccomp(c, ctx), "a filter on the init may be the process's own, not a Docker profile")),
});
