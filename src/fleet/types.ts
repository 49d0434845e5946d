// The fleet view (`dockaudit fleet`): many hosts' reports folded into one document, fleet.json, whose schema is
// schemas/fleet.schema.json. It keeps per host only what a fleet reader needs (score, counts, the status of each
// check) and links to the host's own report for the findings; a host that could not be audited is a row with the
// reason, never left out.
import type { Severity, Status, StatusCounts } from "../engine/types.js";

export const FLEET_SCHEMA_VERSION = 1;

/** Where a host's report came from. */
export type HostSource = "report" | "docker-host" | "ssh";

export interface FleetHost {
  name: string;
  labels: Record<string, string>;
  source: HostSource;
  /** The SSH target, the Docker endpoint, or the report file the row was built from. */
  target: string;
  audited: boolean;
  /** Why the host could not be audited (audited: false), or a note about its report. */
  reason?: string;
  /** Paths relative to fleet.json of the host's own reports, when they were written or found. */
  reports?: { json?: string; html?: string };
  toolVersion?: string;
  benchmark?: string;
  hostname?: string | null;
  dockerVersion?: string | null;
  startedAt?: string;
  finishedAt?: string;
  score?: number | null;
  counts?: StatusCounts;
  failedBySeverity?: Record<Severity, number>;
  /** Did the CI gate (as given to `fleet`) fail for this host? */
  gateFailed?: boolean;
  /** Status of every check the host's report has, by check key. */
  checks?: Record<string, Status>;
  /** How many reports of this host were gathered (a --keep series), when more than one. */
  runs?: number;
  /** The score of each gathered run, oldest first (from the reports' own finishedAt), when more than one. */
  trend?: { at: string; score: number | null }[];
  /**
   * For each check failing on the host: when it started failing (the finishedAt of the earliest gathered run of
   * the unbroken series of failing runs; findings matched by fingerprint, else check key + subject).
   */
  firstFailed?: Record<string, string>;
}

export interface FleetCheck {
  key: string;
  /** The CIS (or own) id in the benchmark version most hosts used. */
  id: string;
  title: string;
  severity: Severity;
  section: string;
  /** Hosts on which the check failed, errored, was waived or passed. */
  failed: string[];
  error: string[];
  waived: number;
  passed: number;
}

export interface FleetReport {
  schemaVersion: number;
  kind: "dockaudit-fleet";
  tool: { name: "dockaudit"; version: string };
  generatedAt: string;
  summary: {
    hosts: number;
    audited: number;
    notAudited: number;
    /** Audited hosts with at least one failed check. */
    failingHosts: number;
    /** Audited hosts whose gate failed. */
    gateFailedHosts: number;
    /** Lowest and median score over audited hosts that have one. */
    worstScore: number | null;
    medianScore: number | null;
  };
  /** Hosts that could not be audited first, then audited hosts worst first (lowest score, most failures). */
  hosts: FleetHost[];
  /** Checks failing on the most hosts first; checks that passed everywhere are kept (for the matrix). */
  checks: FleetCheck[];
}
