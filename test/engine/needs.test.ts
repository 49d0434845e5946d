// The engine owns "unreadable → error" for nested facts too: a host file role, a part of the swarm state, one
// subject's per-subject fact. Checks declare them in `needs` (or read them with subjectFact) and never re-implement it.
import { expect } from "chai";
import { catalog } from "../../checks/index.js";
import { defineCheck, isVerdict, onHost, pass, subjectFact } from "../../src/engine/define.js";
import { resolveNeed, resolveSubjectFact } from "../../src/engine/needs.js";
import { buildContext, evaluateCheck } from "../../src/engine/run.js";
import type { Check, Need } from "../../src/engine/types.js";
import { errFact, okFact, snapshot } from "../support/fixtures.js";

const file = { path: "/etc/docker/ca.pem", exists: true, type: "file" as const, mode: 0o444, uid: 0, gid: 0 };

function probe(needs: Need[]): Check & { calls: number } {
  const c = defineCheck({
    key: "test-needs", ownId: "X.99", title: "Test: nested needs", section: "dockaudit", level: 1, automated: true, severity: "low",
    rationale: "Only here to prove what the engine does with needs.", remediation: "Nothing to do.", needs,
    evaluate: onHost(() => { c.calls++; return pass("evaluated"); }),
  }) as Check & { calls: number };
  c.calls = 0;
  return c;
}
const run = (c: Check, s = snapshot()) => evaluateCheck(c, buildContext(s, { benchmark: "1.8.0", containers: {} }));

describe("engine: nested needs", () => {
  it("resolves a host file role: slice missing, role missing, role unreadable, role read", () => {
    expect(resolveNeed(snapshot(), "host.files:tls-ca")).to.deep.equal({ ok: false, reason: "host.files was not collected" });
    expect(resolveNeed(snapshot({ host: { files: {} } }), "host.files:tls-ca")).to.deep.equal({ ok: false, reason: 'host.files["tls-ca"] was not collected' });
    expect(resolveNeed(snapshot({ host: { files: { "tls-ca": errFact("EACCES", "/etc/docker") } } }), "host.files:tls-ca"))
      .to.deep.equal({ ok: false, reason: 'host.files["tls-ca"] could not be read: EACCES', source: "/etc/docker" });
    expect(resolveNeed(snapshot({ host: { files: { "tls-ca": okFact([file], "tlscacert") } } }), "host.files:tls-ca"))
      .to.deep.equal({ ok: true, value: [file], source: "tlscacert" });
  });

  it("resolves a part of the swarm state, through the swarm slice", () => {
    expect(resolveNeed(snapshot(), "engine.swarm.nodes")).to.include({ ok: false, reason: "engine.swarm was not collected" });
    expect(resolveNeed(snapshot({ engine: { swarm: errFact("boom", "GET /info") } }), "engine.swarm.nodes")).to.include({ ok: false, reason: "engine.swarm could not be read: boom" });
    const swarm = (nodes: unknown) => snapshot({ engine: { swarm: okFact({ nodes, unlockKeySet: okFact(false, "x"), secrets: okFact(0, "y") } as never, "GET /nodes") } });
    expect(resolveNeed(swarm(errFact("timeout", "GET /nodes")), "engine.swarm.nodes")).to.include({ ok: false, reason: "engine.swarm.nodes could not be read: timeout" });
    expect(resolveNeed(swarm(okFact([{ ID: "n1" }], "GET /nodes")), "engine.swarm.nodes")).to.deep.equal({ ok: true, value: [{ ID: "n1" }], source: "GET /nodes" });
    expect(resolveNeed(swarm(okFact([], "GET /nodes")), "engine.swarm.nodeState")).to.include({ ok: false, reason: "engine.swarm.nodeState was not collected" });
  });

  it("an unreadable nested need is `error` with the reason, and the check's evaluate is never called", () => {
    const c = probe(["engine.info", "host.files:tls-ca"]);
    const f = run(c, snapshot({ host: { files: { "tls-ca": errFact("EACCES", "/etc/docker") } } }));
    expect(f.map((x) => [x.subject.kind, x.status, x.message])).to.deep.equal([["host", "error", 'could not decide: host.files["tls-ca"] could not be read: EACCES']]);
    expect(c.calls).to.equal(0);
    expect(run(c, snapshot({ host: { files: { "tls-ca": okFact([file], "tlscacert") } } }))[0]!.status).to.equal("pass");
    expect(c.calls).to.equal(1);
  });

  it("a per-subject fact gives that subject's error, in the engine's words", () => {
    const s = snapshot({ engine: { processes: okFact({ a: errFact("ps failed", "GET /containers/a/top") }, "top") } });
    const ctx = buildContext(s, { benchmark: "1.8.0", containers: {} });
    const bad = subjectFact(ctx, "engine.processes", "a");
    expect(isVerdict(bad) && [bad.status, bad.message]).to.deep.equal(["error", 'could not decide: engine.processes["a"] could not be read: ps failed']);
    const missing = subjectFact(ctx, "engine.processes", "b");
    expect(isVerdict(missing) && missing.message).to.equal('could not decide: engine.processes["b"] was not collected');
    expect(resolveSubjectFact(snapshot(), "engine.imageHistory", "x")).to.include({ ok: false, reason: "engine.imageHistory was not collected" });
  });

  it("every section-3 check declares the host file role it judges", () => {
    const missing = catalog.filter((c) => c.section === "daemon-files" && !c.needs.some((n) => n.startsWith("host.files:"))).map((c) => c.key);
    expect(missing).to.deep.equal([]);
  });

  it("a section-3 check on an unreadable role gets the engine's error", () => {
    const c = catalog.find((x) => x.key === "files-tls-key-perms")!;
    const f = run(c, snapshot({ host: { files: { "tls-key": errFact("EACCES", "/etc/docker/key.pem") } } }));
    expect(f.map((x) => [x.status, x.message])).to.deep.equal([["error", 'could not decide: host.files["tls-key"] could not be read: EACCES']]);
  });
});
