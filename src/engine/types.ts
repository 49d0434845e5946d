// Types shared by checks, the engine and the reporters. The result tree (`AuditReport`) is the JSON contract:
// reporters are pure functions of it and never import `checks/`.

import type { ContainerInspect, FileRole, ImageInspect, NetworkInspect, Snapshot } from "../snapshot/types.js";

export const BENCHMARK_VERSIONS = ["1.6.0", "1.8.0"] as const;
export type BenchmarkVersion = (typeof BENCHMARK_VERSIONS)[number];
export const DEFAULT_BENCHMARK: BenchmarkVersion = "1.8.0";

/**
 * pass/fail: decided. manual: a human must judge. info: reported, not judged. skip: not applicable (with the reason).
 * error: could not decide (data unreadable, or the check threw). waived: a failure an approved waiver covers.
 */
export type Status = "pass" | "fail" | "manual" | "info" | "skip" | "error" | "waived";
export const STATUSES: readonly Status[] = ["fail", "error", "waived", "manual", "info", "pass", "skip"];

/** Aligned with the `--fail-on` gate names. */
export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

export type SubjectKind = "daemon" | "container" | "host" | "image" | "network" | "service";
export interface Subject {
  kind: SubjectKind;
  name: string;
  id?: string;
}

export type Evidence = Record<string, unknown>;

export interface Finding {
  subject: Subject;
  status: Status;
  message: string;
  evidence?: Evidence;
  /** Set when a waiver covers this finding (status then "waived"). */
  waiver?: { reason: string; approvedBy: string; expires: string; index: number };
  /** Where the subject is written down: a Compose service's file and line (and the offending key's, when known). */
  location?: SourceLocation;
  /** Set when an attestation answers this manual finding (status then its "pass" or "fail"). */
  attestation?: FindingAttestation;
  /**
   * What the finding is about, as a stable hash (src/engine/fingerprint.ts, docs/grc.md): equal across runs and
   * hosts' fleet views for the same check, host and subject. Set on every finding of a report.
   */
  fingerprint?: string;
}

/** A place in a file the user wrote (a Compose file), 1-based; `file` relative to the working directory. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
  /** When the location is an offending key's: where its service is defined (a key can come from another file). */
  service?: { file: string; line: number; column?: number };
}

/** An attestation as a finding carries it. */
export interface FindingAttestation {
  status: "pass" | "fail";
  explanation: string;
  attestedBy: string;
  /** YYYY-MM-DD. */
  attestedAt: string;
  /** YYYY-MM-DD; the attestation holds through that day (UTC). */
  expires: string;
  index: number;
}

export interface SectionInfo {
  /** "1".."7" for CIS sections, "X" for our own. */
  id: string;
  key: string;
  title: string;
}

/** Slices of the snapshot a check reads; when one could not be collected the engine reports `error` for it. */
export type SliceNeed =
  | "host.mounts"
  | "host.seccomp"
  | "host.apparmor"
  | "host.selinux"
  | "host.files"
  | "host.dockerGroup"
  | "host.auditRules"
  | "host.units"
  | "host.kernelRelease"
  | "daemon.process"
  | "daemon.flags"
  | "daemon.configFile"
  | "daemon.effective"
  | "engine.info"
  | "engine.version"
  | "engine.containers"
  | "engine.networks"
  | "engine.images"
  | "engine.processes"
  | "engine.imageHistory"
  | "engine.swarm";

/** The facts inside engine.swarm. */
export type SwarmNeed = "nodes" | "unlockKeySet" | "secrets" | "nodeState";

/**
 * What a check needs: a whole slice, or a fact inside one: the host files of one role (`host.files:tls-ca`) or
 * one part of the swarm state (`engine.swarm.nodes`). The engine turns any of them that is missing or unreadable
 * into `error` with the reason; per-subject facts (one image's history, one container's processes) are read with
 * `subjectFact`, which gives that subject's finding the same `error`.
 */
export type Need = SliceNeed | `host.files:${FileRole}` | `engine.swarm.${SwarmNeed}`;

export interface CheckMeta {
  /** Stable key, never reused; ids shift between benchmark versions, keys do not. */
  key: string;
  /** CIS id per benchmark version; absent for our own checks. */
  cis?: Partial<Record<BenchmarkVersion, string>>;
  /** Id of our own checks ("X.n"), which no CIS id can collide with. */
  ownId?: string;
  title: string;
  section: string;
  level: 1 | 2;
  automated: boolean;
  /** Whether the check counts in the score; defaults to `automated`. */
  scored?: boolean;
  severity: Severity;
  rationale: string;
  remediation: string;
  references?: string[];
  needs: Need[];
  /**
   * The engines whose data can decide this check (see applicability.ts); by default the sections about dockerd
   * (host, daemon, daemon-files, swarm) are Docker's only and the others apply to Podman too.
   */
  engines?: readonly EngineKind[];
}

/** The engine serving the Engine API: Docker's dockerd, or Podman's compatible service. */
export type EngineKind = "docker" | "podman";

/** What a check's evaluate function receives: the snapshot plus the engine's subject selection. */
export interface EvalContext {
  snapshot: Snapshot;
  benchmark: BenchmarkVersion;
  /** The containers selected for this run (running ones by default, after --include/--exclude/--label). */
  containers: ContainerInspect[];
  /** Images used by the selected containers, when the images slice was collected. */
  images: ImageInspect[];
  networks: NetworkInspect[];
  options: EvalOptions;
}

export interface EvalOptions {
  /** Users allowed in the docker group (1.1.2). */
  trustedUsers?: string[];
  /** Image age limit in days (our own image freshness check). */
  maxImageAgeDays?: number;
  /** The time to judge ages against: the snapshot's collection time, never the wall clock. */
  now: Date;
}

export interface Check extends CheckMeta {
  evaluate(ctx: EvalContext): Finding[];
}

// ---------------------------------------------------------------- the result tree (JSON contract)

export interface CheckResult {
  id: string;
  key: string;
  title: string;
  section: string;
  sectionTitle: string;
  level: 1 | 2;
  automated: boolean;
  scored: boolean;
  severity: Severity;
  status: Status;
  rationale: string;
  remediation: string;
  references: string[];
  cis: Partial<Record<BenchmarkVersion, string>>;
  findings: Finding[];
}

export interface StatusCounts {
  pass: number;
  fail: number;
  manual: number;
  info: number;
  skip: number;
  error: number;
  waived: number;
}

export interface ScoreSummary {
  /** Percentage (0-100, one decimal) of scored checks that pass, over scored checks that passed, failed or errored. */
  score: number | null;
  passed: number;
  scoredTotal: number;
  /** docker-bench-security style: +1 per passing, -1 per failing scored check. */
  dockerBenchScore: number;
  counts: StatusCounts;
}

/** The score of dockaudit's own checks (section X), kept apart from the CIS score. */
export interface OwnScore {
  score: number | null;
  passed: number;
  scoredTotal: number;
  /** Own checks run (scored or not). */
  total: number;
}

/**
 * `score`, `passed`, `scoredTotal` and `dockerBenchScore` are the CIS score (CIS checks only); `own` scores
 * dockaudit's own checks; `counts`, `total` and `failedBySeverity` cover every check run.
 */
export interface Summary extends ScoreSummary {
  total: number;
  own: OwnScore;
  /** Failed checks per severity. */
  failedBySeverity: Record<Severity, number>;
  sections: (ScoreSummary & { id: string; title: string; total: number })[];
  findings: StatusCounts;
  waived: number;
}

export interface WaiverState {
  index: number;
  check: string;
  reason: string;
  approvedBy: string;
  expires: string;
  state: "active" | "expired" | "stale";
  matched: number;
}

export interface AttestationState {
  index: number;
  check: string;
  status: "pass" | "fail";
  attestedBy: string;
  attestedAt: string;
  expires: string;
  state: "active" | "expired" | "stale";
  matched: number;
}

export interface ContainerSummary {
  name: string;
  id: string;
  /** The image as the container was created from it (e.g. "nginx:1.27"), else the image id. */
  image: string;
  imageId: string;
  state: string;
  labels: Record<string, string>;
}

export interface ComposeSummary {
  project: string;
  files: string[];
  /** What the daemon-dependent verdicts used: the daemon at --docker-host, a --daemon-config file, or nothing. */
  daemon: { kind: "docker-host"; endpoint: string } | { kind: "daemon-config"; file: string } | { kind: "none" };
  services: { name: string; image: string; location: SourceLocation; imageOnDaemon: boolean }[];
  /** Services left out because none of their profiles is active. */
  inactive: string[];
}

export interface AuditReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  benchmark: { name: string; version: BenchmarkVersion };
  startedAt: string;
  finishedAt: string;
  host: { hostname: string | null; kernel: string | null; os: string | null; root: string };
  daemon: {
    version: string | null;
    apiVersion: string | null;
    pid: number | null;
    configFile: string | null;
    endpoint: string;
    rootless: boolean | null;
    collectionErrors: { slice: string; error: string }[];
  };
  selection: { checks: number; containers: string[]; allContainers: boolean };
  /** The selected containers as their owners know them, for per-container views (label values as collected, secret-looking ones redacted). */
  containers?: ContainerSummary[];
  /** The container this run of dockaudit was in (not judged): id, name and how it was recognised. */
  auditor?: { id: string; name: string; source: string };
  /** A Compose audit (`audit --compose`): the project judged before deployment, and what stood for its daemon. */
  compose?: ComposeSummary;
  summary: Summary;
  results: CheckResult[];
  waivers?: WaiverState[];
  /** The attestations given (--attestations), with their state, when any. */
  attestations?: AttestationState[];
}
