import { type ContainerInspect, decideWithKernel, defineCheck, type EvalContext, fail, kernelView, parseAppArmorLabel, pass, perContainer, skip, type Verdict } from "../../src/check-api.js";
import { securityOpts } from "./lib.js";

function configured(c: ContainerInspect): Verdict {
  const profile = c.AppArmorProfile ?? "";
  const optOut = securityOpts(c).find((o) => o.key === "apparmor" && o.value === "unconfined");
  const evidence = { AppArmorProfile: profile, Privileged: c.HostConfig.Privileged === true, ...(optOut ? { SecurityOpt: optOut.raw } : {}) };
  if (c.HostConfig.Privileged) return fail("is privileged, so it runs without an AppArmor profile", evidence);
  if (optOut || profile === "unconfined") return fail("runs unconfined (apparmor=unconfined)", evidence);
  if (profile === "") return fail("has no AppArmor profile", evidence);
  return pass(`runs under the AppArmor profile "${profile}"`, evidence);
}

/** The confinement the kernel applies to the init: only a profile in enforce mode confines; complain mode only logs. */
function kernelAppArmor(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const { pid, apparmor } = k.value.init;
  if (apparmor === undefined) return { unavailable: `the AppArmor label of its init (pid ${pid}) was not read` };
  const { profile, mode } = parseAppArmorLabel(apparmor);
  const facts = { pid, label: apparmor, read: `/proc/${pid}/attr` };
  if (mode === "unconfined") return { verdict: fail(`the kernel shows its init unconfined by AppArmor (pid ${pid}, "${apparmor}")`), facts };
  if (mode !== "enforce") return { verdict: fail(`the kernel shows its init's AppArmor profile "${profile}" in ${mode} mode, which does not enforce it (pid ${pid})`), facts };
  return { verdict: pass(`the kernel enforces the AppArmor profile "${profile}" on its init (pid ${pid})`), facts };
}

export default defineCheck({
  key: "container-apparmor-profile",
  cis: { "1.6.0": "5.2", "1.8.0": "5.2" },
  title: "An AppArmor profile confines the container (where AppArmor is available)",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "AppArmor limits which files, capabilities and mounts a process may use even when it runs as root. Docker applies its docker-default profile unless told otherwise; a container started unconfined loses that second line of defence.",
  remediation:
    "Drop --security-opt apparmor=unconfined and --privileged from the container, or give it a custom profile with --security-opt apparmor=PROFILE; keep the profile in enforce mode (aa-enforce). On hosts without AppArmor this check does not apply.",
  needs: ["engine.containers", "host.apparmor"],
  // The kernel decides where it shows the init's label (/proc/PID/attr/apparmor/current): inspect names the profile
  // Docker asked for, but a profile switched to complain mode (aa-complain) only logs, and an init under another
  // label is what is enforced. A configured failure stands when the init shows better (docker exec gets the configured profile).
  evaluate: perContainer((c, ctx) => {
    const host = ctx.snapshot.host.apparmor;
    // Hosts with SELinux instead of AppArmor are not non-compliant: the recommendation says "if applicable".
    if (host.ok && !host.value.enabled) return skip("AppArmor is not enabled on this host");
    return decideWithKernel(configured(c), kernelAppArmor(c, ctx), "processes started with docker exec get the configured profile");
  }),
});
