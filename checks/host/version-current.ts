import releases from "../../data/docker-releases.json" with { type: "json" };
import { defineCheck, error, type EvalContext, fail, onDaemon, pass } from "../../src/check-api.js";

interface ReleaseLine {
  line: string;
  released: string;
  eol: string | null;
  latest: { version: string; released: string };
}

export interface EngineVersion {
  major: number;
  minor: number;
  patch: number;
  /** "-rc.1", "-beta.2": before the release of the same number. */
  prerelease: boolean;
  /** "+dfsg1", "-0ubuntu1": a distribution's build, which may carry backported fixes. */
  distro: boolean;
}

export function parseEngineVersion(v: string): EngineVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(v.trim());
  if (!m) return undefined;
  const rest = m[4] ?? "";
  return {
    major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0),
    prerelease: /^-(rc|beta|alpha|dev)\b/i.test(rest), distro: rest !== "" && !/^-(rc|beta|alpha|dev)\b/i.test(rest),
  };
}

export function compareVersions(a: EngineVersion, b: EngineVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || Number(b.prerelease) - Number(a.prerelease);
}

const LINES: ReleaseLine[] = releases.lines;

/** A line's newest version; the table is dockaudit's own data, so one it cannot read is a bug there (the check errors). */
function latestOf(l: ReleaseLine): EngineVersion {
  const v = parseEngineVersion(l.latest.version);
  if (!v) throw new Error(`data/docker-releases.json: "${l.latest.version}" (the ${l.line} line's latest) is not a version`);
  return v;
}

export function releaseLine(v: EngineVersion): ReleaseLine | undefined {
  return LINES.find((l) => l.line === `${v.major}.${v.minor}`) ?? LINES.find((l) => l.line === `${v.major}`);
}

function engineVersion(ctx: EvalContext): { version: string; from: string } | { error: string } {
  const { version, info } = ctx.snapshot.engine;
  if (version.ok && version.value.Version) return { version: version.value.Version, from: "GET /version" };
  if (info.ok && info.value.ServerVersion) return { version: info.value.ServerVersion, from: "GET /info" };
  return { error: `the engine's version could not be read: ${version.ok ? "no Version in GET /version" : version.error}` };
}

export default defineCheck({
  key: "host-docker-version-current",
  cis: { "1.6.0": "1.2.2", "1.8.0": "1.2.2" },
  title: "The Docker Engine version is a maintained release with its latest patch",
  section: "host", level: 1, automated: false, severity: "high",
  rationale:
    "Docker Engine releases fix container escapes and daemon vulnerabilities (in runc, BuildKit and the engine itself). An engine on a release line that no longer gets fixes, or behind the newest patch of its line, keeps known holes open.",
  remediation:
    "Upgrade to the newest patch of a maintained release line (see docs.docker.com/engine/release-notes); move off release lines that are no longer maintained.",
  needs: [],
  // Judged against a table of release lines shipped with dockaudit (data/docker-releases.json) at the snapshot's
  // collection time, never against today's date or a date-shaped version string (peers compare semver engines with
  // "today minus 30 days" as YY.MM.0, which means nothing since 23.0).
  evaluate: onDaemon((ctx) => {
    const read = engineVersion(ctx);
    if ("error" in read) return error(read.error);
    const v = parseEngineVersion(read.version);
    const base = { version: read.version, from: read.from, judgedAt: ctx.options.now.toISOString(), table: `data/docker-releases.json as of ${releases.asOf}` };
    if (!v) return error(`"${read.version}" is not a Docker Engine version dockaudit can read`, base);
    const distroNote = v.distro ? " (a distribution build: fixes it backports are not visible in the version)" : "";
    const line = releaseLine(v);
    if (!line) {
      const newest = LINES.map(latestOf).sort(compareVersions).at(-1);
      if (newest && compareVersions(v, newest) > 0) return pass(`${read.version} is newer than every release line in dockaudit's table (as of ${releases.asOf}); not judged against it`, base);
      return fail(`${read.version} is not a maintained Docker Engine release line${distroNote}`, base);
    }
    const evidence = { ...base, line: line.line, eol: line.eol, latest: line.latest.version };
    const now = ctx.options.now.getTime();
    if (line.eol && Date.parse(line.eol) <= now) {
      return fail(`Docker Engine ${line.line}.x has not been maintained since ${line.eol}; ${read.version} gets no more fixes${distroNote}`, evidence);
    }
    if (compareVersions(v, latestOf(line)) < 0) {
      if (Date.parse(line.latest.released) > now) {
        return pass(`${read.version} is on the maintained ${line.line}.x line; the newer ${line.latest.version} was released after this snapshot (${line.latest.released})`, evidence);
      }
      return fail(`update to ${line.latest.version}: ${read.version} is behind the newest patch of the ${line.line}.x line (released ${line.latest.released})${distroNote}`, evidence);
    }
    return pass(`${read.version} is the newest known patch of the maintained ${line.line}.x line${line.eol ? ` (maintained until ${line.eol})` : ""}`, evidence);
  }),
});
