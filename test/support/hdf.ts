// Reads an HDF file the way Heimdall does, with MITRE's own JavaScript parser (inspecjs): its exec-json converter
// must accept the file, and the statuses it derives are the ones Heimdall shows.
import { expect } from "chai";
import inspecjs from "inspecjs";
import type { AuditReport } from "../../src/engine/types.js";
import { HEIMDALL_STATUS } from "../../src/report/hdf.js";

export interface HeimdallView {
  /** Control id → the status Heimdall shows. */
  statuses: Map<string, string>;
  /** Heimdall's status name → how many controls have it. */
  counts: Record<string, number>;
  results: number;
  /** Control id → its NIST tags as Heimdall parsed them. */
  nist: Map<string, string[]>;
}

export function readHdf(text: string): HeimdallView {
  const converted = inspecjs.convertFile(text, true);
  expect(converted.errors ?? {}, `inspecjs rejected the file: ${JSON.stringify(converted.errors)?.slice(0, 800)}`).to.deep.equal({});
  expect(converted["1_0_ExecJson"], "inspecjs's exec-json converter accepts the file").to.be.an("object");
  const evaluation = inspecjs.convertFileContextual(text);
  expect(inspecjs.isContextualizedEvaluation(evaluation)).to.equal(true);
  const statuses = new Map<string, string>();
  const nist = new Map<string, string[]>();
  const counts: Record<string, number> = {};
  let results = 0;
  for (const profile of evaluation.contains as inspecjs.ContextualizedProfile[]) {
    for (const c of profile.contains) {
      const status = c.hdf.status;
      statuses.set(c.data.id, status);
      counts[status] = (counts[status] ?? 0) + 1;
      results += c.hdf.segments?.length ?? 0;
      nist.set(c.data.id, c.hdf.parsedNistTags.map((t) => t.rawText ?? t.subSpecifiers.join("-")));
    }
  }
  return { statuses, counts, results, nist };
}

/** What Heimdall should show for a report: each check's status mapped, and a result per finding. */
export function expectedHeimdall(report: AuditReport): { counts: Record<string, number>; results: number } {
  const counts: Record<string, number> = {};
  for (const r of report.results) counts[HEIMDALL_STATUS[r.status]] = (counts[HEIMDALL_STATUS[r.status]] ?? 0) + 1;
  return { counts, results: report.results.reduce((n, r) => n + r.findings.length, 0) };
}
