// Shared by the waiver, gate, diff, SARIF and Prometheus tests: a small report built through the real engine from
// a fixture snapshot (so the shapes are the ones the CLI produces), the SARIF schema check, and readers for the
// crontab and systemd examples.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { catalog } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run.js";
import { selectChecks } from "../../src/engine/select.js";
import type { AuditReport, BenchmarkVersion } from "../../src/engine/types.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { container, image, snapshot } from "../support/fixtures.js";

export function opsSnapshot(): Snapshot {
  return snapshot({
    containers: [
      container("web", { Config: { Image: "nginx:1.27", Labels: { tier: "front" } }, Image: "sha256:" + "b".repeat(64) }),
      container("monitor-1", { HostConfig: { PidMode: "host" }, Config: { Image: "prom/node-exporter:v1", Labels: { role: "monitoring" } } }),
      container("monitor-2", { HostConfig: { PidMode: "host" }, Config: { Image: "prom/node-exporter:v1", Labels: { role: "monitoring" } } }),
      container("debug", { HostConfig: { PidMode: "host" }, Config: { Image: "busybox:1" }, Image: "sha256:" + "c".repeat(64) }),
    ],
    images: [
      image("nginx:1.27", { Id: "sha256:" + "b".repeat(64) }),
      image("prom/node-exporter:v1", { Id: "sha256:" + "a".repeat(64), RepoTags: ["prom/node-exporter:v1", "quay.io/prom/node-exporter:v1"] }),
    ],
  });
}

export function reportOf(s: Snapshot, benchmark: BenchmarkVersion = "1.6.0", check: string[] = []): AuditReport {
  return runChecks(s, selectChecks(catalog, benchmark, { check }), { benchmark, containers: {} });
}

// The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it, so the test runs offline. It declares draft-04, which
// ajv 8 does not load; it uses no keyword whose meaning changed since (only its top-level "id" became "$id"). One
// of its patterns (language) is not a valid regular expression with the "u" flag, hence unicodeRegExp: false.
const schemaPath = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile({ $id: id as string, ...schema });
/** Validates against the SARIF 2.1.0 schema; returns the errors as text ("" when valid). */
export const sarifSchemaErrors = (doc: unknown) => (validate(doc) ? "" : ajv.errorsText(validate.errors, { separator: "\n" }));

/** The command of each /etc/cron.d line: five time fields, the user, then the command. */
export function cronCommands(text: string): { schedule: string; user: string; command: string }[] {
  return text.split("\n").filter((l) => l.trim() && !l.startsWith("#") && !/^[A-Z_]+=/.test(l)).map((l) => {
    const f = l.trim().split(/\s+/);
    return { schedule: f.slice(0, 5).join(" "), user: f[5]!, command: f.slice(6).join(" ") };
  });
}

export function unitValues(text: string, key: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
}
