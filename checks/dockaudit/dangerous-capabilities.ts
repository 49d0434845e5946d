import { type ContainerInspect, decideWithKernel, defineCheck, type EvalContext, fail, kernelView, normaliseCap, pass, perContainer, type Verdict } from "../../src/check-api.js";

/** Capabilities that hand a container control over the host or other containers. */
export const DANGEROUS_CAPS = [
  "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "DAC_READ_SEARCH", "NET_ADMIN", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
  "MAC_ADMIN", "MAC_OVERRIDE", "BPF", "PERFMON",
] as const;

/** dockerd accepts `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` alike. */
const normalise = normaliseCap;

function configured(c: ContainerInspect): Verdict {
  const add = (c.HostConfig.CapAdd ?? []).map(normalise);
  const drop = new Set((c.HostConfig.CapDrop ?? []).map(normalise));
  const evidence = { CapAdd: c.HostConfig.CapAdd ?? [], CapDrop: c.HostConfig.CapDrop ?? [], Privileged: c.HostConfig.Privileged === true };
  if (c.HostConfig.Privileged) return fail(`privileged: it has every capability, including ${DANGEROUS_CAPS.join(", ")}`, evidence);
  const granted = add.includes("ALL")
    ? DANGEROUS_CAPS.filter((cap) => !drop.has(cap))
    : DANGEROUS_CAPS.filter((cap) => add.includes(cap));
  if (granted.length === 0) return pass(add.length ? `adds no dangerous capability (adds ${add.join(", ")})` : "adds no capability", evidence);
  return fail(`${add.includes("ALL") ? "adds ALL capabilities, so " : ""}has dangerous capabilities: ${granted.join(", ")}`, { ...evidence, dangerous: granted });
}

function kernelCaps(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const { pid, capBnd, capHex } = k.value.init;
  const granted = DANGEROUS_CAPS.filter((cap) => capBnd.includes(cap));
  const facts = { pid, CapBnd: capHex.bnd, capabilities: capBnd, read: k.source };
  return granted.length > 0
    ? { verdict: fail(`the kernel shows dangerous capabilities in its init's bounding set (pid ${pid}): ${granted.join(", ")}`, { dangerous: granted }), facts }
    : { verdict: pass(`the kernel shows no dangerous capability in its init's bounding set (pid ${pid})`, { dangerous: [] }), facts };
}

export default defineCheck({
  key: "da-dangerous-capabilities",
  ownId: "X.4",
  title: "Containers are not given dangerous capabilities",
  section: "dockaudit", level: 1, automated: true, severity: "high",
  rationale:
    "Some capabilities are nearly root on the host: SYS_ADMIN mounts filesystems and escapes through cgroups, SYS_MODULE loads kernel modules, SYS_PTRACE reads other processes' memory, DAC_READ_SEARCH opens any host file by handle, NET_ADMIN reconfigures networking, BPF and PERFMON load kernel programs.",
  remediation:
    "Remove the capability from --cap-add (or cap_add in Compose), add only the narrow capability the application needs, and prefer --cap-drop ALL with an explicit short list; never run with --privileged.",
  needs: ["engine.containers"],
  // The effective set as dockerd computes it: --cap-add ALL grants everything except what --cap-drop removes,
  // while a capability both added and dropped by name stays added; --privileged grants every capability.
  // The kernel decides: the bounding set of the container's init (CapBnd) holds every capability any process in the
  // container can ever get; without it, CapAdd/CapDrop/Privileged from inspect decide.
  evaluate: perContainer((c, ctx) => decideWithKernel(configured(c), kernelCaps(c, ctx), "processes started with docker exec get the configured capabilities")),
});
