import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { engineInfo, readEvidence, readSetting, seccompKernelAgainst, securityOption } from "./lib.js";

// What dockerd reports for its built-in profile: "default" up to 20.10, "builtin" from 23.0.
const BUILT_IN = new Set(["default", "builtin"]);

export default defineCheck({
  key: "daemon-seccomp-profile",
  cis: { "1.6.0": "2.17", "1.8.0": "2.18" },
  title: "A daemon-wide seccomp profile is applied, custom if appropriate",
  section: "daemon", level: 2, automated: false, severity: "high",
  rationale:
    "The daemon-wide seccomp profile limits the system calls every container may make, which blocks many kernel exploits. Docker's default profile is a sound baseline; a custom one can tighten it further; unconfined removes the filter for all containers.",
  remediation:
    'Keep Docker\'s default profile, or set "seccomp-profile": "/etc/docker/seccomp/<profile>.json" in daemon.json (or --seccomp-profile) to a reviewed custom profile; never "unconfined". Restart the daemon after a change.',
  needs: ["engine.info"],
  // The profile in force comes from the daemon (SecurityOptions name=seccomp,profile=...). No seccomp entry at all
  // means the daemon applies none (kernel without seccomp, or a build without it): that is a failure, not an
  // unknown, since /info was read. The kernel outranks /info: a container the running daemon started with no seccomp
  // option of its own whose init has no filter proves the reported profile is not applied.
  evaluate: onDaemon((ctx) => {
    const info = engineInfo(ctx);
    const evidence = { SecurityOptions: info.SecurityOptions ?? null, ...readEvidence("seccomp-profile", readSetting(ctx, "seccomp-profile"), "Docker's built-in profile") };
    if (!info.SecurityOptions) return error("the Engine API did not report SecurityOptions", evidence);
    const seccomp = securityOption(info, "seccomp");
    if (!seccomp) return fail("the daemon applies no seccomp filtering (the kernel lacks seccomp or dockerd was built without it)", { ...evidence, source: "API" });
    const profile = seccomp.profile ?? "default";
    if (profile === "unconfined") return fail("the daemon-wide seccomp profile is unconfined: containers run without syscall filtering", { ...evidence, profile, source: "API" });
    const kernel = seccompKernelAgainst(ctx);
    if (kernel) return { ...kernel.verdict, message: `the daemon reports profile=${profile}, but ${kernel.verdict.message}`, evidence: { ...evidence, profile, ...kernel.verdict.evidence } };
    return BUILT_IN.has(profile)
      ? pass(`containers run under Docker's default seccomp profile ("${profile}")`, { ...evidence, profile, source: "API" })
      : pass(`containers run under the custom seccomp profile ${profile}; review that it is at least as strict as Docker's default`, { ...evidence, profile, source: "API" });
  }),
});
