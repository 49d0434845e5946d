import { defineCheck, fail, pass, perContainer, skip } from "../../src/engine/define.js";
import { securityOpts } from "./lib.js";

export default defineCheck({
  key: "container-apparmor-profile",
  cis: { "1.6.0": "5.2", "1.8.0": "5.2" },
  title: "An AppArmor profile confines the container (where AppArmor is available)",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "AppArmor limits which files, capabilities and mounts a process may use even when it runs as root. Docker applies its docker-default profile unless told otherwise; a container started unconfined loses that second line of defence.",
  remediation:
    "Drop --security-opt apparmor=unconfined and --privileged from the container, or give it a custom profile with --security-opt apparmor=PROFILE. On hosts without AppArmor this check does not apply.",
  needs: ["engine.containers", "host.apparmor"],
  evaluate: perContainer((c, ctx) => {
    const host = ctx.snapshot.host.apparmor;
    // Hosts with SELinux instead of AppArmor are not non-compliant: the recommendation says "if applicable".
    if (host.ok && !host.value.enabled) return skip("AppArmor is not enabled on this host");
    const profile = c.AppArmorProfile ?? "";
    const optOut = securityOpts(c).find((o) => o.key === "apparmor" && o.value === "unconfined");
    const evidence = { AppArmorProfile: profile, Privileged: c.HostConfig.Privileged === true, ...(optOut ? { SecurityOpt: optOut.raw } : {}) };
    if (c.HostConfig.Privileged) return fail("is privileged, so it runs without an AppArmor profile", evidence);
    if (optOut || profile === "unconfined") return fail("runs unconfined (apparmor=unconfined)", evidence);
    if (profile === "") return fail("has no AppArmor profile", evidence);
    return pass(`runs under the AppArmor profile "${profile}"`, evidence);
  }),
});
