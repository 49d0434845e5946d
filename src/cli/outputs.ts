// Files written besides the main output: --output-dir (report.json, report.html, report.xml, report.hdf.json from one result)
// and --evidence (the verifiable bundle). Each file is written to a temporary name and renamed into place.
import { join } from "node:path";
import type { AuditReport } from "../engine/types.js";
import { extensions, reporters } from "../report/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { writeEvidence, type VerdictOptions } from "./evidence.js";
import type { Signer } from "./sign.js";
import { writeAtomic } from "./write.js";

/** The formats --output-dir writes, each as report.<extension>. */
export const OUTPUT_DIR_FORMATS = ["json", "html", "junit", "hdf"] as const;

export function outputDirFiles(report: AuditReport): { file: string; content: string }[] {
  return OUTPUT_DIR_FORMATS.map((format) => ({ file: `report.${extensions[format]}`, content: reporters[format]!(report, {}) }));
}

/**
 * Writes every --output-dir file; `nameFor` maps "report.json" to the name actually used (e.g. a timestamped one).
 * Returns the paths written.
 */
export async function writeOutputDir(dir: string, report: AuditReport, nameFor: (file: string) => string = (f) => f): Promise<string[]> {
  const written: string[] = [];
  for (const { file, content } of outputDirFiles(report)) {
    const path = join(dir, nameFor(file));
    await writeAtomic(path, content);
    written.push(path);
  }
  return written;
}

export interface RunOutputs {
  outputDir?: string;
  evidence?: string;
}

/** What runAudit hands over once the report is built. */
export interface RunArtifacts {
  snapshot: Snapshot;
  report: AuditReport;
  options: RunOutputs & VerdictOptions;
  argv: readonly string[];
  runStartedAt: Date;
  /** Signs the evidence manifest (--sign-key). */
  signer?: Signer;
}

export async function writeRunOutputs(a: RunArtifacts): Promise<void> {
  if (a.options.outputDir) await writeOutputDir(a.options.outputDir, a.report);
  if (a.options.evidence) {
    await writeEvidence(a.options.evidence, { snapshot: a.snapshot, report: a.report, argv: a.argv, options: a.options, runStartedAt: a.runStartedAt, signer: a.signer });
  }
}
