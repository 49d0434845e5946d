import { daemonSecurityOption, daemonSetting, defineCheck, error, type EvalContext, fail, onDaemon, pass, skip } from "../../src/check-api.js";
import { seccompKernelAgainst } from "../shared.js";

function configured(ctx: EvalContext): Record<string, unknown> {
  if (!ctx.snapshot.daemon.effective.ok) return {};
  const s = daemonSetting(ctx, "seccomp-profile");
  return s ? { "seccomp-profile": s.value, origin: s.origin } : {};
}

export default defineCheck({
  key: "da-daemon-seccomp-profile",
  ownId: "X.7",
  title: "The daemon applies a seccomp profile to containers",
  section: "dockaudit", level: 1, automated: true, severity: "high",
  rationale:
    "The default seccomp profile blocks dozens of system calls containers do not need, many of them the entry points of kernel exploits. A daemon started with seccomp unconfined, or built without seccomp, runs every container with the whole kernel interface exposed.",
  remediation:
    "Remove \"seccomp-profile\": \"unconfined\" (or --seccomp-profile=unconfined) from the daemon's configuration so the built-in profile applies, or point it at a reviewed custom profile; use a dockerd built with seccomp support.",
  needs: ["engine.info"],
  // Read from what the daemon reports it applies (GET /info SecurityOptions), which reflects flags and daemon.json
  // alike: "default" (20.10) or "builtin" (23.0+) for Docker's profile, a path for a custom one, "unconfined". The
  // kernel outranks /info where a container the running daemon started without an option of its own shows no filter.
  evaluate: onDaemon((ctx) => {
    const opts = ctx.snapshot.engine.info.ok ? ctx.snapshot.engine.info.value.SecurityOptions ?? [] : [];
    const seccomp = daemonSecurityOption(opts, "seccomp");
    const evidence = { SecurityOptions: opts, ...configured(ctx) };
    if (seccomp) {
      const profile = seccomp["profile"] ?? "";
      if (profile === "unconfined") return fail("the daemon runs containers without seccomp filtering (profile=unconfined)", { ...evidence, source: "API" });
      const kernel = seccompKernelAgainst(ctx);
      if (kernel) return { ...kernel.verdict, message: `the daemon reports profile=${profile || "default"}, but ${kernel.verdict.message}`, evidence: { ...evidence, ...kernel.verdict.evidence } };
      if (profile === "" || profile === "default" || profile === "builtin") return pass("the daemon applies Docker's default seccomp profile", { ...evidence, source: "API" });
      return pass(`the daemon applies a custom seccomp profile (${profile})`, { ...evidence, source: "API" });
    }
    const k = ctx.snapshot.host.seccomp;
    if (!k.ok) return error(`could not decide: the daemon reports no seccomp profile and the kernel's seccomp support could not be read: ${k.error}`, evidence);
    const supported = k.value.procStatus === true || k.value.kernelConfig === "y";
    if (!supported && k.value.procStatus === null && k.value.kernelConfig === null) {
      return error("could not decide: the daemon reports no seccomp profile and the kernel's seccomp support is unknown", evidence);
    }
    if (!supported) return skip("the kernel does not support seccomp, so no daemon can apply a profile (see X.1)", evidence);
    return fail("the kernel supports seccomp but the daemon applies no seccomp profile (dockerd built without seccomp?)", evidence);
  }),
});
