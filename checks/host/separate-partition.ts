import { defineCheck, error, type EvalContext, factValue, fail, type FileStat, finding, type Finding, hostSubject, type MountEntry, pass, type Verdict } from "../../src/check-api.js";
import { roleFiles } from "../shared.js";
import { isWithin, mountOf } from "./lib.js";

function judge(f: FileStat, mounts: MountEntry[]): Verdict {
  const p = f.realPath ?? f.path;
  const m = mountOf(mounts, p);
  const root = mountOf(mounts, "/");
  const evidence = { path: f.path, ...(f.realPath ? { realPath: f.realPath } : {}), mount: m ?? null };
  if (!m) return error(`no mount in the mount table contains ${p}`, evidence);
  if (m.mountPoint === "/") return fail(`${f.path} is on the root filesystem (${m.device}, ${m.fsType})`, evidence);
  // A bind mount of a directory of the root filesystem is a mount point but not a separate partition.
  if (root && root.mountPoint === "/" && m.device === root.device && m.device.startsWith("/dev/")) {
    // When the data-root is the mount point itself, "X is under X" says nothing: say it is a mount of the root device.
    const where = m.mountPoint === (f.realPath ?? f.path) ? `${f.path} is a mount point` : `${f.path} is under the mount point ${m.mountPoint}`;
    return fail(`${where}, but of the root filesystem's device ${m.device} (a bind mount, not a separate partition)`, evidence);
  }
  return pass(`${f.path} is on its own filesystem: ${m.mountPoint} (${m.device}, ${m.fsType})`, evidence);
}

export default defineCheck({
  key: "host-separate-partition",
  cis: { "1.6.0": "1.1.1", "1.8.0": "1.1.1" },
  title: "The daemon's data-root (/var/lib/docker by default) is on a separate partition",
  section: "host", level: 1, automated: true, severity: "medium",
  rationale:
    "Images, container layers, logs and volumes grow without bound. On the root filesystem they can fill it and take the host down with the daemon; a separate partition or logical volume contains the damage and can be mounted with its own options.",
  remediation:
    "Create a dedicated partition or logical volume, stop the daemon, move the data-root onto it and mount it at the data-root path (or point data-root in daemon.json at its mount point), then start the daemon.",
  needs: ["host.mounts"],
  // Judges the data-root the daemon actually uses (DockerRootDir, so a custom data-root or a userns-remapped
  // subdirectory such as /var/lib/docker/165536.165536), by the mount that contains it, not with a fixed
  // /var/lib/docker or a mount-point test that a subdirectory fails.
  evaluate: (ctx: EvalContext): Finding[] => {
    const mounts = factValue(ctx.snapshot.host.mounts, "the mount table");
    const dr = roleFiles(ctx, "data-root");
    if (!dr.ok) return [finding(hostSubject(ctx), error(`could not decide: ${dr.reason}`))];
    // A leftover /var/lib/docker the daemon does not use is mentioned, not judged (it holds no container data).
    const dflt = roleFiles(ctx, "default-data-root");
    const unused = (dflt.ok ? dflt.files : []).filter((f) => f.exists && !dr.files.some((d) => isWithin(d.path, f.path))).map((f) => f.path);
    return dr.files.map((f) => {
      const v = judge(f, mounts);
      if (unused.length === 0) return finding({ kind: "host", name: f.path }, v);
      const note = `; ${unused.join(", ")} also exists but is not this daemon's data-root (not judged)`;
      return finding({ kind: "host", name: f.path }, { ...v, message: v.message + note, evidence: { ...v.evidence, unusedDefaultDataRoot: unused } });
    });
  },
});
