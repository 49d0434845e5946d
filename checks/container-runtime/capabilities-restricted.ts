import { type ContainerInspect, decideWithKernel, defineCheck, type EvalContext, fail, kernelView, pass, perContainer, type Verdict } from "../../src/check-api.js";
import { DEFAULT_CAPS, normaliseCap } from "./lib.js";

function configured(c: ContainerInspect): Verdict {
  const added = (c.HostConfig.CapAdd ?? []).map(normaliseCap);
  const dropped = (c.HostConfig.CapDrop ?? []).map(normaliseCap);
  const evidence = { CapAdd: c.HostConfig.CapAdd ?? [], CapDrop: c.HostConfig.CapDrop ?? [], Privileged: c.HostConfig.Privileged === true };
  if (c.HostConfig.Privileged) return fail("is privileged, so it holds every capability", evidence);
  if (added.includes("ALL")) return fail("adds ALL capabilities (--cap-add=ALL)", evidence);
  const beyond = [...new Set(added.filter((cap) => !DEFAULT_CAPS.has(cap)))].sort();
  if (beyond.length > 0) return fail(`adds capabilities beyond Docker's default set: ${beyond.join(", ")}`, { ...evidence, beyondDefault: beyond });
  const drops = dropped.includes("ALL") ? "drops ALL capabilities" : dropped.length ? `drops ${dropped.join(", ")}` : "drops none";
  return pass(`adds no capability beyond Docker's default set (${drops})`, evidence);
}

function kernelCaps(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const { pid, capBnd, capHex } = k.value.init;
  const beyond = capBnd.filter((cap) => !DEFAULT_CAPS.has(cap)).sort();
  const facts = { pid, CapBnd: capHex.bnd, capabilities: capBnd, read: k.source };
  return beyond.length > 0
    ? { verdict: fail(`the kernel shows capabilities beyond Docker's default set in its init's bounding set (pid ${pid}): ${beyond.join(", ")}`, { beyondDefault: beyond }), facts }
    : { verdict: pass(`the kernel shows no capability beyond Docker's default set in its init's bounding set (pid ${pid})`, { beyondDefault: [] }), facts };
}

export default defineCheck({
  key: "container-capabilities-restricted",
  cis: { "1.6.0": "5.4", "1.8.0": "5.4" },
  title: "Linux capabilities are restricted within the container",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "Capabilities split root's power into pieces. Docker grants a small default set; each capability added beyond it (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) hands a compromised process another way to reach the host or its neighbours.",
  remediation:
    "Remove --cap-add for capabilities the workload does not need; better, start from --cap-drop=ALL and add back only the few it does. Do not use --privileged, which grants every capability.",
  needs: ["engine.containers"],
  // Adding a capability of Docker's default set changes nothing, so only additions beyond it fail; names are
  // compared after removing the CAP_ prefix and upper-casing, as dockerd does.
  // The kernel decides: the bounding set of the container's init (CapBnd in /proc/PID/status) is every capability
  // any process of the container can ever hold. Without it, CapAdd/CapDrop/Privileged from inspect decide.
  evaluate: perContainer((c, ctx) => decideWithKernel(configured(c), kernelCaps(c, ctx), "processes started with docker exec get the configured capabilities")),
});
