import { expect } from "chai";
import { createHash } from "node:crypto";
import { catalog } from "../../checks/index.js";
import { diffReports } from "../../src/engine/diff.js";
import { fromJsonReport } from "../../src/engine/report-json.js";
import { runChecks } from "../../src/engine/run.js";
import { selectChecks } from "../../src/engine/select.js";
import type { AuditReport } from "../../src/engine/types.js";
import { renderJson } from "../../src/report/json.js";
import { container, image, snapshot } from "../support/fixtures.js";

function audit(names: string[], labels: Record<string, Record<string, string>> = {}, idDigit = 0, startedAt?: string): AuditReport {
  const s = snapshot({ containers: names.map((n, i) => ({ ...container(n, { Config: { Image: "nginx:1.27", Labels: labels[n] ?? {} } }), Id: `${String(i + idDigit).repeat(64)}`.slice(0, 64) })), images: [image("nginx:1.27")] });
  if (startedAt) s.startedAt = startedAt;
  return runChecks(s, selectChecks(catalog, "1.8.0", {}), { benchmark: "1.8.0", containers: {} });
}
const prints = (r: AuditReport) => new Map(r.results.flatMap((c) => c.findings.map((f) => [`${c.key} ${f.subject.kind} ${f.subject.name}`, f.fingerprint] as [string, string | undefined])));

describe("engine: finding fingerprints", () => {
  it("every finding has one, and they are unique within a report", () => {
    const fps = audit(["web", "db"]).results.flatMap((r) => r.findings.map((f) => f.fingerprint));
    for (const f of fps) expect(f).to.match(/^[0-9a-f]{64}$/);
    expect(new Set(fps).size).to.equal(fps.length);
  });

  it("two audits of an unchanged host give identical fingerprints, even when container ids and times differ", () => {
    const a = audit(["web", "db"]);
    const b = audit(["web", "db"], {}, 5, "2026-02-01T00:00:00.000Z");
    expect(b.results.flatMap((r) => r.findings).filter((f) => f.subject.kind === "container").map((f) => f.subject.id)).to.not.include(a.containers![0]!.id);
    expect([...prints(b)]).to.deep.equal([...prints(a)]);
  });

  it("renaming one container changes only that container's fingerprints", () => {
    const a = prints(audit(["web", "db"])), b = prints(audit(["web", "db2"]));
    const changed = [...a.keys()].filter((k) => b.get(k) !== a.get(k));
    expect(changed.length).to.be.above(10);
    for (const k of changed) expect(k).to.match(/ container db$/);
    for (const [k, v] of b) if (/ container db2$/.test(k)) expect([...a.values()]).to.not.include(v);
  });

  it("follows the documented recipe (docs/grc.md), with a Compose service's identity instead of the container name", () => {
    const compose = { "com.docker.compose.project": "shop", "com.docker.compose.service": "web", "com.docker.compose.container-number": "2" };
    const r = audit(["shop-web-2"], { "shop-web-2": compose });
    const f = r.results.find((x) => x.key === "container-privileged")!.findings[0]!;
    const want = createHash("sha256").update(["dockaudit-finding/1", "CIS Docker Benchmark", "container-privileged", r.host.hostname, r.daemon.endpoint, "container", "compose:shop/web/2"].join("\u0000")).digest("hex");
    expect(f.fingerprint).to.equal(want);
    // A renamed Compose container keeps its service identity.
    const renamed = audit(["renamed"], { renamed: compose });
    expect(renamed.results.find((x) => x.key === "container-privileged")!.findings[0]!.fingerprint).to.equal(want);
  });

  it("a report read back keeps them, and one written without them gets the same ones", () => {
    const a = audit(["web"]);
    const text = renderJson(a);
    expect(prints(fromJsonReport(JSON.parse(text)))).to.deep.equal(prints(a));
    const stripped = JSON.parse(text);
    for (const r of stripped.results) for (const f of r.findings) delete f.fingerprint;
    expect(prints(fromJsonReport(stripped))).to.deep.equal(prints(a));
  });

  it("two daemons of one host: their containers of the same name have different fingerprints, the host's files the same", () => {
    const a = audit(["web"]);
    const b = { ...a, daemon: { ...a.daemon, endpoint: "unix:///run/user/1000/docker.sock" }, results: a.results.map((r) => ({ ...r, findings: r.findings.map(({ fingerprint: _f, ...f }) => f) })) };
    const pb = prints(fromJsonReport(JSON.parse(renderJson(b))));
    for (const [k, fp] of prints(a)) {
      if (/ container web$/.test(k)) expect(pb.get(k), k).to.not.equal(fp);
      if (/ host \//.test(k)) expect(pb.get(k), k).to.equal(fp);
    }
  });

  it("diff matches findings by fingerprint: a container renamed shows as disappeared and appeared", () => {
    const d = diffReports(audit(["web", "db"]), audit(["web", "db2"]));
    expect(d.changes.every((c) => c.subject.name === "db" || c.subject.name === "db2")).to.equal(true);
    expect(d.counts.appeared).to.equal(d.counts.disappeared);
    expect(diffReports(audit(["web"]), audit(["web"])).changes).to.deep.equal([]);
  });
});
