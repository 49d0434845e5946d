import { daemonSecurityOption, defineCheck, error, fail, pass, perContainer, skip } from "../../src/check-api.js";
import { securityOpts } from "./lib.js";

export default defineCheck({
  key: "container-selinux-options",
  cis: { "1.6.0": "5.3", "1.8.0": "5.3" },
  title: "SELinux labels confine the container (where SELinux is available)",
  section: "container-runtime", level: 2, automated: true, severity: "medium",
  rationale:
    "With SELinux labelling every container gets its own process and file label, so a process that escapes its namespaces still cannot touch the files of the host or of other containers. Without it that barrier is missing.",
  remediation:
    'Start dockerd with --selinux-enabled (or "selinux-enabled": true in daemon.json), do not run containers with --security-opt label=disable, --privileged, --pid=host or --ipc=host, and set explicit labels with --security-opt label=type:... where a custom policy is needed. On hosts without SELinux this check does not apply.',
  needs: ["engine.containers", "host.selinux"],
  evaluate: perContainer((c, ctx) => {
    const host = ctx.snapshot.host.selinux;
    if (host.ok && !host.value.enabled) return skip("SELinux is not enabled on this host");
    // Only "label" options are SELinux options; seccomp=unconfined and friends are not (a peer passes on any option).
    const labels = securityOpts(c).filter((o) => o.key === "label" || o.key === "disable");
    const processLabel = typeof c["ProcessLabel"] === "string" ? (c["ProcessLabel"] as string) : "";
    const info = ctx.snapshot.engine.info;
    const daemonLabels = info.ok && daemonSecurityOption(info.value.SecurityOptions, "selinux") !== undefined;
    const evidence = { labelOptions: labels.map((o) => o.raw), ProcessLabel: processLabel, daemonSelinuxEnabled: daemonLabels };
    if (labels.some((o) => o.key === "disable" || o.value === "disable")) return fail("has SELinux labelling disabled (label=disable)", evidence);
    // dockerd disables labelling itself for these (generateSecurityOpt in moby's daemon/create.go).
    const h = c.HostConfig;
    const implicit = h.Privileged ? "--privileged" : h.PidMode === "host" ? "--pid=host" : h.IpcMode === "host" ? "--ipc=host" : null;
    if (implicit) return fail(`runs without an SELinux label: dockerd disables labelling for ${implicit}`, evidence);
    if (labels.length > 0) return pass(`has SELinux options ${labels.map((o) => o.raw).join(", ")}`, evidence);
    if (processLabel !== "") return pass(`runs with the SELinux label ${processLabel}`, evidence);
    if (daemonLabels) return pass("is labelled by the daemon (selinux-enabled)", evidence);
    if (!info.ok) return error(`has no SELinux options or label, and whether the daemon labels containers could not be read: ${info.error}`, evidence);
    return fail("has no SELinux options and the daemon does not label containers (selinux-enabled is off)", evidence);
  }),
});
