// Reading an attestation file (--attestations FILE, or `attestations:` in dockaudit.yaml): YAML checked against
// schemas/attestations.schema.json, then what the schema cannot say: the check exists in the selected benchmark,
// it is a manual check (an attestation never overrides an automated verdict), and `expires` falls on or after
// `attested_at` and at most 365 days after it. Every error is one line, file:line:col, exit 2.
import { resolve } from "node:path";
import { catalog } from "../../checks/index.js";
import { MAX_ATTESTATION_DAYS, type Attestation } from "../engine/attestations.js";
import { checkId } from "../engine/select.js";
import type { BenchmarkVersion } from "../engine/types.js";
import { ConfigError, MAX_CONFIG_BYTES } from "./config.js";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";

export const ATTESTATIONS_SCHEMA = "schemas/attestations.schema.json";

interface RawAttestation {
  check: string;
  containers?: string[];
  labels?: string[];
  images?: string[];
  status: "pass" | "fail";
  explanation: string;
  attested_by: string;
  attested_at: string;
  expires: string;
}

export interface LoadedAttestations {
  file: string;
  /** The file as read: the evidence bundle keeps it byte for byte. */
  text: string;
  attestations: Attestation[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Parses and checks an attestation file's text (see the header); `file` names it in errors. */
export async function parseAttestations(text: string, file: string, benchmark: BenchmarkVersion): Promise<Attestation[]> {
  const { parseYamlAgainst } = await import("./config-file.js");
  const { data, where } = parseYamlAgainst(text, file, ATTESTATIONS_SCHEMA, "attestation file");
  const raw = (data as { attestations: RawAttestation[] }).attestations;
  return raw.map((a, i): Attestation => {
    const check = catalog.find((c) => c.key === a.check || checkId(c, benchmark) === a.check);
    if (!check) {
      throw new ConfigError(`${where(["attestations", i, "check"])}: attestation check "${a.check}" is neither a check id in CIS Docker Benchmark ${benchmark} nor a check key (see: dockaudit checks --benchmark ${benchmark})`);
    }
    if (check.automated) {
      throw new ConfigError(`${where(["attestations", i, "check"])}: check "${a.check}" (${check.key}) is automated: an attestation answers only a manual check, never an automated verdict`);
    }
    const at = Date.parse(`${a.attested_at}T00:00:00Z`), until = Date.parse(`${a.expires}T00:00:00Z`);
    if (until < at) throw new ConfigError(`${where(["attestations", i, "expires"])}: "expires" (${a.expires}) is before "attested_at" (${a.attested_at})`);
    if (until - at > MAX_ATTESTATION_DAYS * DAY_MS) {
      throw new ConfigError(`${where(["attestations", i, "expires"])}: "expires" (${a.expires}) is more than ${MAX_ATTESTATION_DAYS} days after "attested_at" (${a.attested_at}); attest again instead`);
    }
    const out: Attestation = { check: a.check, status: a.status, explanation: a.explanation, attestedBy: a.attested_by, attestedAt: a.attested_at, expires: a.expires };
    if (a.containers) out.containers = a.containers;
    if (a.labels) out.labels = a.labels;
    if (a.images) out.images = a.images;
    return out;
  });
}

/** Reads (a regular file, bounded) and parses an attestation file. */
export async function loadAttestations(file: string, benchmark: BenchmarkVersion, cwd = process.cwd()): Promise<LoadedAttestations> {
  let text: string;
  try {
    text = (await readRegularFile(resolve(cwd, file), { maxBytes: MAX_CONFIG_BYTES })).toString("utf8");
  } catch (e) {
    if (e instanceof UnreadableFileError && !e.code) throw new ConfigError(`${file}:1:1: the attestation file ${e.message}`);
    throw new ConfigError(`${file}: cannot read the attestation file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { file, text, attestations: await parseAttestations(text, file, benchmark) };
}
