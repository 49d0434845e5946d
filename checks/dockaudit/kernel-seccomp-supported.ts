import { defineCheck, error, factValue, fail, onHost, pass } from "../../src/check-api.js";

export default defineCheck({
  key: "da-kernel-seccomp-supported",
  ownId: "X.1",
  title: "The kernel supports seccomp",
  section: "dockaudit", level: 1, automated: true, severity: "high",
  rationale:
    "Docker's default seccomp profile, the daemon-wide profile and every --security-opt seccomp setting rely on the kernel's seccomp filter. On a kernel without it those settings silently protect nothing.",
  remediation:
    "Run a kernel built with CONFIG_SECCOMP=y and CONFIG_SECCOMP_FILTER=y (every mainstream distribution kernel is), then restart the Docker daemon so it picks up seccomp support.",
  needs: ["host.seccomp"],
  // The running kernel is the witness (/proc/self/status, /proc/sys/kernel/seccomp/actions_avail); the build config
  // in /boot only backs it up, since it may describe a kernel other than the one running.
  evaluate: onHost((ctx) => {
    const s = factValue(ctx.snapshot.host.seccomp, "seccomp support");
    const evidence = { procStatusSeccompLine: s.procStatus, CONFIG_SECCOMP: s.kernelConfig, actionsAvail: s.actionsAvail };
    if (s.procStatus === true) return pass("the running kernel reports seccomp (Seccomp line in /proc/self/status)", evidence);
    if (s.actionsAvail && s.actionsAvail.length > 0) return pass(`the running kernel offers seccomp filter actions: ${s.actionsAvail.join(" ")}`, evidence);
    if (s.kernelConfig === "n") return fail("the kernel is built without seccomp (CONFIG_SECCOMP is not set)", evidence);
    if (s.procStatus === false) return fail("the running kernel does not report seccomp (no Seccomp line in /proc/self/status)", evidence);
    return error(
      s.kernelConfig === "y"
        ? "the running kernel's seccomp support could not be read; only the build config in /boot says CONFIG_SECCOMP=y"
        : "neither /proc/self/status, /proc/sys/kernel/seccomp/actions_avail nor the kernel build config could be read",
      evidence,
    );
  }),
});
