// A fixed result for reporter tests: the two exemplar checks plus synthetic checks defined here (one per status,
// hostile strings, evidence of every shape), run by the real engine over a fixture snapshot with a fixed clock,
// then one waiver applied. Independent of the catalog, which grows while others work.
import iccDisabled from "../../checks/daemon/icc-disabled.js";
import hostPidNamespace from "../../checks/container-runtime/host-pid-namespace.js";
import { defineCheck, error, fail, info, manual, onDaemon, onHost, pass, perContainer, skip } from "../../src/engine/define.js";
import { runChecks } from "../../src/engine/run.js";
import type { AuditReport, Check } from "../../src/engine/types.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { container, image, snapshot } from "../support/fixtures.js";

export const XSS_LABEL = "<img src=x onerror=alert(1)>";
export const XSS_NAME = "<script>alert(1)</script>";
export const ANSI_MESSAGE = "log line \x1b[31mred\x1b[0m with a NUL\x00 and a bell\x07 and \ud800 a lone surrogate";

const containerChecks = {
  readOnly: defineCheck({
    key: "test-read-only", ownId: "X.91", title: "Test: the root filesystem is read-only", section: "dockaudit",
    level: 1, automated: true, severity: "medium", needs: ["engine.containers"],
    rationale: "A writable root filesystem lets an intruder persist tools.", remediation: "Start the container with --read-only.",
    evaluate: perContainer((c) => (c.HostConfig.ReadonlyRootfs ? pass("has a read-only root filesystem", { ReadonlyRootfs: true }) : fail("has a writable root filesystem", { ReadonlyRootfs: false, "Mounts & <binds>": ["/data:/data", '"quoted"'] }))),
  }),
  hostile: defineCheck({
    key: "test-hostile-text", ownId: "X.92", title: "Test: messages quoting host output", section: "dockaudit",
    level: 2, automated: true, severity: "low", needs: ["engine.containers"],
    rationale: "Messages may quote what the host said.", remediation: "Nothing to do; this check tests escaping.",
    evaluate: perContainer((c) => (c.Name === "/db" ? fail(`${ANSI_MESSAGE}; label ${XSS_LABEL}`, { output: ANSI_MESSAGE, nested: { a: [1, 2], b: null } }) : pass(`fine: ${c.Name}`))),
  }),
};

const otherChecks = [
  defineCheck({
    key: "test-manual", ownId: "X.93", title: "Test: a human decides", section: "dockaudit", level: 1, automated: false,
    severity: "low", needs: [], rationale: "Some things need judgement.", remediation: "Review the setting by hand.",
    evaluate: onHost(() => manual("review the host's backup policy by hand")),
  }),
  defineCheck({
    key: "test-info", ownId: "X.94", title: "Test: reported, not judged", section: "dockaudit", level: 1, automated: true,
    scored: false, severity: "low", needs: ["engine.info"], rationale: "Useful to know.", remediation: "None needed.",
    evaluate: onDaemon((ctx) => info("the storage driver is overlay2", { Driver: ctx.snapshot.engine.info.ok ? ctx.snapshot.engine.info.value.Driver : null })),
  }),
  defineCheck({
    key: "test-skip", ownId: "X.95", title: "Test: not applicable here", section: "dockaudit", level: 1, automated: true,
    severity: "medium", needs: [], rationale: "Only some hosts have this.", remediation: "Nothing on this host.",
    evaluate: onHost(() => skip("swarm mode is not active")),
  }),
  defineCheck({
    key: "test-error", ownId: "X.96", title: "Test: data could not be read", section: "dockaudit", level: 1, automated: true,
    severity: "high", needs: ["host.auditRules"], rationale: "Audit rules record who used Docker.", remediation: "Add audit rules for Docker's files.",
    evaluate: onHost(() => error("unreachable")),
  }),
];

export const fixedChecks: Check[] = [iccDisabled, hostPidNamespace, containerChecks.readOnly, containerChecks.hostile, ...otherChecks];

export function fixedSnapshot() {
  return snapshot({
    containers: [
      container("web", { Config: { Image: "nginx:1.27", Labels: { "com.example.team": "payments", "com.example.note": XSS_LABEL } }, HostConfig: { ReadonlyRootfs: true } }),
      container("monitor", { HostConfig: { PidMode: "host" }, Config: { Image: "prom/node-exporter:1", Labels: {} } }),
      container("db", { Config: { Image: "postgres:16", Labels: { "com.example.team": "data" } } }),
      { ...container("x"), Name: `/${XSS_NAME}`, Id: "f".repeat(64) },
    ],
    images: [image("nginx:1.27")],
  });
}

/** The fixed report: every status present, one waiver active. */
export function fixedReport(): AuditReport {
  const snap = fixedSnapshot();
  const report = runChecks(snap, fixedChecks, { benchmark: "1.8.0", containers: {} });
  return applyWaivers(report, [
    { check: "X.91", containers: ["db"], reason: "read-write data directory <by design>", approvedBy: "sec-team", expires: "2099-12-31" },
    { check: "5.16", containers: ["monitor"], reason: "node exporter reads host processes", approvedBy: "sec-team", expires: "2099-12-31" },
  ], subjectFactsFromSnapshot(snap));
}
