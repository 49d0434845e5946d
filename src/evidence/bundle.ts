// The evidence bundle: what was collected (snapshot.json), what was concluded (report.json, .html, .xml, .hdf.json)
// and a manifest (manifest.ts) saying by which version, for which host, when, with which command line and options,
// and the SHA-256 of every other file. `dockaudit verify DIR` (verify.ts) checks the digests, re-evaluates the
// snapshot with the recorded benchmark and options and re-renders every report from it, so an auditor can confirm
// later that the verdicts and every word of the reports follow from the facts and nothing was altered since.
// Whoever can rewrite the bundle can rewrite its digests too: with --sign-key the manifest is signed
// (manifest.json.sig, SSHSIG, see sshsig.ts), which `verify --allowed-signers FILE` or OpenSSH alone checks.
import { join } from "node:path";
import { redactArgs } from "../secrets/redact.js";
import type { AuditReport } from "../engine/types.js";
import { writeAtomic } from "../files/write.js";
import { reporters, type RenderOptions, type ReportFormat } from "../report/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { TOOL_VERSION } from "../version.js";
import { MANIFEST_FILE, MANIFEST_VERSION, sha256, verdictOptions, type Manifest, type VerdictOptions } from "./manifest.js";
import { SIGNATURE_FILE, signMessage, type Signer } from "./sshsig.js";

export const SNAPSHOT_FILE = "snapshot.json";
/**
 * The reports a bundle holds, each rendered from the bundle's report by a pure reporter: verify re-renders every one
 * from snapshot.json and the recorded options and compares it whole. Adding a report to bundles is one line here.
 */
export const BUNDLE_REPORTS: readonly { file: string; format: ReportFormat; options: RenderOptions }[] = [
  { file: "report.json", format: "json", options: {} },
  { file: "report.html", format: "html", options: {} },
  { file: "report.xml", format: "junit", options: {} },
  { file: "report.hdf.json", format: "hdf", options: {} },
];

/** Every file the manifest lists (with its digest): the snapshot and the reports. */
export const BUNDLE_FILES: readonly string[] = [SNAPSHOT_FILE, ...BUNDLE_REPORTS.map((r) => r.file)];

/** The attestation file of the run (--attestations), kept byte for byte and listed with its digest when given. */
export const ATTESTATIONS_FILE = "attestations.yaml";
/** Files a bundle holds, listed in the manifest, only when the run had them. */
export const OPTIONAL_BUNDLE_FILES: readonly string[] = [ATTESTATIONS_FILE];

/** Files a bundle holds that the manifest does not list: the manifest itself and its signature. */
export const BUNDLE_META_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE];

export interface BundleInput {
  snapshot: Snapshot;
  report: AuditReport;
  argv: readonly string[];
  options: VerdictOptions;
  runStartedAt: Date;
  /** Signs the manifest (--sign-key). */
  signer?: Signer;
  /** The attestation file as read (--attestations). */
  attestationsText?: string;
}

/** The bundle's files, rendered from one report: name → content. */
export function bundleFiles(snapshot: Snapshot, report: AuditReport, attestationsText?: string): Record<string, string> {
  const files: Record<string, string> = { [SNAPSHOT_FILE]: JSON.stringify(snapshot, null, 2) + "\n" };
  for (const r of BUNDLE_REPORTS) files[r.file] = reporters[r.format](report, r.options);
  if (attestationsText !== undefined) files[ATTESTATIONS_FILE] = attestationsText;
  return files;
}

export function buildManifest(input: BundleInput, files: Record<string, string>, finishedAt: Date): Manifest {
  const { snapshot, report } = input;
  const info = snapshot.engine.info.ok ? snapshot.engine.info.value : undefined;
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: "dockaudit", version: TOOL_VERSION },
    benchmark: { name: report.benchmark.name, version: report.benchmark.version },
    host: {
      hostname: report.host.hostname,
      daemonId: info?.ID ?? null,
      daemonName: info?.Name ?? null,
      dockerVersion: report.daemon.version,
      endpoint: report.daemon.endpoint,
      os: report.host.os,
      kernel: report.host.kernel,
    },
    run: { startedAt: input.runStartedAt.toISOString(), finishedAt: finishedAt.toISOString() },
    collection: { startedAt: snapshot.startedAt, finishedAt: snapshot.finishedAt, toolVersion: snapshot.tool.version },
    commandLine: redactArgs(input.argv),
    options: verdictOptions(input.options),
    files: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { sha256: sha256(content), bytes: Buffer.byteLength(content) }])),
  };
}

/**
 * Every file of the bundle, rendered, in the order they are put in place: the listed files, then the manifest (and
 * whatever covers the manifest, e.g. a signature, would follow it). The CLI writes these all or nothing.
 */
export async function evidenceFiles(input: BundleInput): Promise<{ files: [string, string][]; manifest: Manifest }> {
  const files = bundleFiles(input.snapshot, input.report, input.attestationsText);
  const manifest = buildManifest(input, files, new Date());
  const text = JSON.stringify(manifest, null, 2) + "\n";
  // The signature is put in place before the manifest it covers, so a manifest on disk always has its files.
  const signature: [string, string][] = input.signer ? [[SIGNATURE_FILE, await signMessage(input.signer, text)]] : [];
  return { files: [...Object.entries(files), ...signature, [MANIFEST_FILE, text]], manifest };
}

/** Writes the bundle into `dir`: every file atomically, the manifest last (a manifest means the files are there). */
export async function writeEvidence(dir: string, input: BundleInput): Promise<Manifest> {
  const { files, manifest } = await evidenceFiles(input);
  for (const [name, content] of files) await writeAtomic(join(dir, name), content);
  return manifest;
}
