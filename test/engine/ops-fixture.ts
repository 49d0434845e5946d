// A small report for the waiver, gate, diff, SARIF and Prometheus tests: built through the real engine from a
// fixture snapshot, so the shapes are the ones the CLI produces.
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
