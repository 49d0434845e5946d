import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";
import { bindMounts, isWithin, normalisePath } from "./lib.js";

/** CIS's list, then the merged-/usr twins of /usr, root's home and the daemon's own data directory. */
const CIS_DIRS = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];
const EXTRA_DIRS = ["/bin", "/sbin", "/lib32", "/lib64", "/libx32", "/root"];
/**
 * Single host files that hold nothing secret and nothing the host depends on, commonly bound read-only so a
 * container shares the host's time zone. Bound read-only they are not a finding; bound writable they are, since
 * the container could then change the host's time zone. Every other file below a sensitive directory counts.
 */
export const HARMLESS_FILES: readonly string[] = ["/etc/localtime", "/etc/timezone"];
const HARMLESS_FILE_TREES = ["/usr/share/zoneinfo"];

function harmlessReadOnly(src: string, rw: boolean): boolean {
  if (rw) return false;
  return HARMLESS_FILES.includes(src) || HARMLESS_FILE_TREES.some((d) => src !== d && isWithin(src, d));
}

export default defineCheck({
  key: "container-sensitive-host-mounts",
  cis: { "1.6.0": "5.6", "1.8.0": "5.6" },
  title: "Sensitive host system directories are not mounted into the container",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "A bind mount of a system directory such as /etc, /boot, /dev or /usr lets the container read host secrets and, when writable, change the host's configuration or binaries. Even read-only, it discloses credentials and keys.",
  remediation:
    "Do not bind-mount host system directories (or their files) into containers. Copy the few files a workload needs into its image or a volume, and use named volumes for data.",
  needs: ["engine.containers"],
  // Only bind mounts have a host path; named volumes (under <data-root>/volumes) are not host directories, which
  // a peer's unanchored regex gets wrong. Subpaths count (/etc/shadow), and so do ancestors (/var holds the data root).
  // A read-only bind of one harmless file (/etc/localtime, /etc/timezone, a zone file) is left out (HARMLESS_FILES).
  evaluate: perContainer((c, ctx) => {
    const info = ctx.snapshot.engine.info;
    const dataRoot = normalisePath((info.ok && info.value.DockerRootDir) || "/var/lib/docker");
    const sensitive = [...CIS_DIRS, ...EXTRA_DIRS, dataRoot];
    const harmless: string[] = [];
    const hits = bindMounts(c).flatMap((m) => {
      const src = normalisePath(m.Source);
      if (harmlessReadOnly(src, m.RW)) { harmless.push(m.Source); return []; }
      const dir = sensitive.find((d) => (d === "/" ? src === "/" : isWithin(src, d) || isWithin(d, src)));
      // A volume's own directory bound by path is a volume, not the data root; the whole volumes tree is not.
      if (!dir || (dir === dataRoot && src.startsWith(dataRoot + "/volumes/"))) return [];
      return [{ Source: m.Source, Destination: m.Destination, RW: m.RW, matches: dir }];
    });
    if (hits.length === 0) {
      const note = harmless.length ? ` (only harmless files read-only: ${harmless.join(", ")})` : "";
      return pass(`mounts no sensitive host directory${note}`, { bindSources: bindMounts(c).map((m) => m.Source), ...(harmless.length ? { harmlessReadOnlyFiles: harmless } : {}) });
    }
    const list = hits.map((h) => `${h.Source} (${h.RW ? "writable" : "read-only"})`).join(", ");
    return fail(`mounts sensitive host paths: ${list}`, { sensitiveMounts: hits });
  }),
});
