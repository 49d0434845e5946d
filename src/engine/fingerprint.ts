// Finding fingerprints: an identity for a finding that depends on what it is about, never on when it was found, so
// that GRC tools, Security Hub and `diff` can match the same finding across runs and across the hosts of a fleet.
// Pure. The recipe (documented in docs/grc.md) is the SHA-256, in hex, of these fields joined by NUL:
//   "dockaudit-finding/1", the benchmark's name (not its version: check keys stay put when CIS renumbers),
//   the check key, the host (its hostname, else the daemon endpoint), the engine (the daemon endpoint, for the
//   subjects a daemon names: containers, images, networks; empty otherwise, since two daemons on one host, e.g.
//   rootful and rootless, may each have a container "web"), the subject's kind, and the subject's stable
//   identity: a Compose container's "compose:<project>/<service>/<number>" (from its labels), any other container's
//   name, an image's name (repository:tag, else its id, a digest), the daemon's endpoint, the host's name, a file's
//   path (file subjects are host subjects named by their path), a network's name.
// Container ids, pids, times and statuses are left out: a re-created container, a restarted daemon or a changed
// verdict keeps the finding's fingerprint; renaming a (non-Compose) container changes only its own findings'.
import { createHash } from "node:crypto";
import type { AuditReport, ContainerSummary, Subject } from "./types.js";

export const FINGERPRINT_RECIPE = "dockaudit-finding/1";

const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
const COMPOSE_NUMBER = "com.docker.compose.container-number";
const COMPOSE_ONEOFF = "com.docker.compose.oneoff";

/**
 * The host part of every fingerprint of a report. A Compose audit judges a project, not the machine it runs on (a CI
 * runner's name changes from job to job): its findings are the project's, `compose:<project>`.
 */
export function fingerprintHost(report: Pick<AuditReport, "host" | "daemon"> & { compose?: { project: string } }): string {
  if (report.compose) return `compose:${report.compose.project}`;
  return report.host.hostname ?? report.daemon.endpoint;
}

/** A Compose service replica's identity, when the container's labels say it is one (not a one-off `run`). */
export function composeIdentity(labels: Record<string, string> | undefined): string | undefined {
  if (!labels) return undefined;
  const project = labels[COMPOSE_PROJECT], service = labels[COMPOSE_SERVICE];
  if (!project || !service || labels[COMPOSE_ONEOFF] === "True") return undefined;
  return `compose:${project}/${service}/${labels[COMPOSE_NUMBER] || "1"}`;
}

/** The subject's stable identity (see the header). */
export function subjectIdentity(s: Subject, container: ContainerSummary | undefined): string {
  if (s.kind === "container") return composeIdentity(container?.labels) ?? s.name;
  return s.name;
}

/** The subject kinds a daemon names (so two daemons of one host may each have one of the same name). */
const ENGINE_SCOPED = new Set(["container", "image", "network"]);

/** The engine field of the recipe: the daemon endpoint for containers, images and networks, else empty. */
export function engineScope(s: Subject, endpoint: string): string {
  return ENGINE_SCOPED.has(s.kind) ? endpoint : "";
}

export function fingerprint(parts: { benchmark: string; checkKey: string; host: string; endpoint: string; subject: Subject; container?: ContainerSummary }): string {
  const fields = [FINGERPRINT_RECIPE, parts.benchmark, parts.checkKey, parts.host, engineScope(parts.subject, parts.endpoint), parts.subject.kind, subjectIdentity(parts.subject, parts.container)];
  return createHash("sha256").update(fields.join("\u0000")).digest("hex");
}

/**
 * The report with every finding's `fingerprint` set (kept where it is already set, e.g. read from a report file).
 * Two findings of one check with the same identity (which no check makes) get "-2", "-3"… appended, so that a
 * fingerprint names exactly one finding of a report.
 */
export function withFingerprints(report: AuditReport): AuditReport {
  const host = fingerprintHost(report);
  const byId = new Map((report.containers ?? []).map((c) => [c.id, c]));
  const byName = new Map((report.containers ?? []).map((c) => [c.name, c]));
  const results = report.results.map((r) => {
    const seen = new Map<string, number>();
    const findings = r.findings.map((f) => {
      if (typeof f.fingerprint === "string" && f.fingerprint !== "") return f;
      const container = f.subject.kind === "container" ? ((f.subject.id !== undefined ? byId.get(f.subject.id) : undefined) ?? byName.get(f.subject.name)) : undefined;
      const base = fingerprint({ benchmark: report.benchmark.name, checkKey: r.key, host, endpoint: report.daemon.endpoint, subject: f.subject, container });
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { ...f, fingerprint: n === 1 ? base : `${base}-${n}` };
    });
    return { ...r, findings };
  });
  return { ...report, results };
}
