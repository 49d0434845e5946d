import { type ContainerInspect, decideWithKernel, defineCheck, type EvalContext, fail, kernelView, pass, perContainer, type Verdict } from "../../src/check-api.js";

/**
 * Whether a `user[:group]` runs as root. Only the user part decides: `0:1000` and `root:staff` are root, while
 * `1000:0` is an unprivileged user in the root group. An empty value means the image default, which is root.
 */
export function isRootUser(user: string | undefined): boolean {
  const name = (user ?? "").trim().replace(/:[\s\S]*$/, "");
  return name === "" || name === "root" || /^0+$/.test(name);
}

function configured(c: ContainerInspect): Verdict {
  const user = c.Config.User ?? "";
  const evidence = { User: user === "" ? null : user };
  if (!isRootUser(user)) return pass(`runs as user "${user}"`, evidence);
  return user.trim() === ""
    ? fail("runs as root: neither the image nor the container sets a user", evidence)
    : fail(`runs as root (user "${user}")`, evidence);
}

function kernelUser(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const { pid, uid, gid, nsUid } = k.value.init;
  const inside = nsUid ? nsUid.effective : uid.effective;
  const facts = { pid, uid, gid, ...(nsUid ? { uidInUserNamespace: nsUid } : {}), read: k.source };
  if (inside === null) return { unavailable: `uid ${uid.effective} of its init (pid ${pid}) is not mapped in its user namespace` };
  const host = nsUid ? ` (host uid ${uid.effective})` : "";
  return inside === 0
    ? { verdict: fail(`the kernel shows its init running as root (pid ${pid}, effective uid 0${host})`), facts }
    : { verdict: pass(`the kernel shows its init running as uid ${inside}${host} (pid ${pid})`), facts };
}

export default defineCheck({
  key: "image-container-user",
  cis: { "1.6.0": "4.1", "1.8.0": "4.1" },
  title: "Containers run as a non-root user",
  section: "images", level: 1, automated: true, severity: "high",
  rationale:
    "A process running as root inside a container is root on the host's kernel: any escape through a kernel or runtime flaw, or a mistakenly mounted host path, then acts with full privileges. Running as an unprivileged user limits what a compromised application can do.",
  remediation:
    "Create a dedicated user in the image (e.g. `RUN useradd -r app`) and set `USER app` (or a numeric UID) in the Dockerfile, or start the container with --user UID:GID.",
  needs: ["engine.containers"],
  // Config.User already holds the image's USER when the container did not override it, so this is the user the
  // process really starts as. Peers read it as a string and let `0:0`, `root:root` and `0:1000` pass (Q20).
  // The kernel decides: the effective uid of the container's init, translated into the container's user namespace
  // (userns-remap maps root to an unprivileged host uid, but it is root inside the container, which is what CIS judges).
  evaluate: perContainer((c, ctx) => decideWithKernel(configured(c), kernelUser(c, ctx), "docker exec runs as the configured user")),
});
