// Section 7 against a real single-node swarm on a throwaway daemon: collect a snapshot, run the swarm checks
// through the engine, change the swarm the way an operator would, and collect again.
import { expect } from "chai";
import { swarmChecks } from "../../checks/swarm/index.js";
import { collectSnapshot } from "../../src/collect/index.js";
import { parseSnapshot } from "../../src/snapshot/load.js";
import { runChecks } from "../../src/engine/run.js";
import type { AuditReport } from "../../src/engine/types.js";
import { result, statuses } from "../support/results.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { initSwarm, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";

function audit(snap: Snapshot): AuditReport {
  return runChecks(snap, swarmChecks, { benchmark: "1.8.0", containers: {} });
}


describeEngines("real daemon: swarm", "all", function (engine) {
  this.timeout(240_000);
  let d: ThrowawayDaemon | undefined;
  let snap: Snapshot;
  let report: AuditReport;
  const collect = () => collectSnapshot({ root: "/", dockerHost: d!.host, toolVersion: "0.0.0-test" });

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "swarm" });
    // `docker swarm init --advertise-addr 127.0.0.1`, listening on 127.0.0.1 only so daemons can coexist.
    await initSwarm(d);
    await d.docker(["network", "create", "--driver", "overlay", "plain-overlay"]);
    await d.docker(["network", "create", "--driver", "overlay", "--opt", "encrypted", "secure-overlay"]);
    snap = await collect();
    report = audit(snap);
  });

  after(async () => {
    await d?.stop();
  });

  it("sees an active single-node manager", () => {
    const info = snap.engine.info;
    expect(() => parseSnapshot(JSON.stringify(snap), "swarm.json"), "a saved swarm snapshot passes the schema").to.not.throw();
    expect(info.ok && info.value.Swarm?.LocalNodeState).to.equal("active");
    expect(info.ok && info.value.Swarm?.ControlAvailable).to.equal(true);
  });

  it("7.1: one manager is the minimum for a single-node swarm", () => {
    const r = result(report, "swarm-manager-count");
    expect(r.id).to.equal("7.1");
    expect(r.status, JSON.stringify(r.findings)).to.equal("pass");
    expect(r.findings[0]!.evidence).to.include({ managers: 1, nodes: 1 });
  });

  it("7.2: the listen address 127.0.0.1 is a specific interface", () => {
    const r = result(report, "swarm-bound-interface");
    const s = snap.engine.swarm;
    expect(s?.ok && s.value.nodeState?.ok, "node state read from <data-root>/swarm/docker-state.json").to.equal(true);
    expect(r.status, JSON.stringify(r.findings)).to.equal("pass");
    expect(String(r.findings[0]!.evidence?.["ListenAddr"])).to.match(/^127\.0\.0\.1:\d+$/);
  });

  it("7.3: an unencrypted overlay fails, an encrypted one passes, the single-node ingress is info", () => {
    const r = result(report, "swarm-overlay-encrypted");
    expect(r.status).to.equal("fail");
    expect(statuses(r)).to.deep.equal({ "plain-overlay": "fail", "secure-overlay": "pass", ingress: "info" });
  });

  it("7.4: no secrets yet is reported with the count", () => {
    const r = result(report, "swarm-secrets-used");
    expect(r.status).to.equal("info");
    expect(r.findings[0]!.evidence).to.deep.equal({ secrets: 0 });
  });

  it("7.5: auto-lock is off by default", () => {
    const r = result(report, "swarm-autolock");
    expect(r.status, JSON.stringify(r.findings)).to.equal("fail");
    expect(r.findings[0]!.evidence).to.deep.include({ "Cluster.Spec.EncryptionConfig.AutoLockManagers": false, unlockKeySet: false });
  });

  it("7.6 is skipped without auto-lock; 7.7 asks about the 90-day default; 7.8 and 7.9 ask for a review", () => {
    expect(result(report, "swarm-autolock-key-rotated").status).to.equal("skip");
    const certs = result(report, "swarm-node-cert-rotation");
    expect(certs.status).to.equal("manual");
    expect(certs.findings[0]!.evidence).to.include({ days: 90 });
    const ca = result(report, "swarm-ca-cert-rotation");
    expect(ca.status).to.equal("manual");
    expect(ca.findings[0]!.evidence?.["caValidFrom"]).to.be.a("string");
    expect(result(report, "swarm-plane-separation").status).to.equal("manual");
  });

  it("after enabling auto-lock, shortening certificates and adding a secret, 7.4/7.5/7.6/7.7 follow", async () => {
    await d!.docker(["swarm", "update", "--autolock=true", "--cert-expiry", "48h"]);
    await d!.docker(["secret", "create", "db-password", "-"], { input: "planted-swarm-secret" });
    const again = await collect();
    const r = audit(again);
    expect(result(r, "swarm-autolock").status).to.equal("pass");
    expect(result(r, "swarm-autolock-key-rotated").status).to.equal("manual");
    expect(result(r, "swarm-node-cert-rotation").status).to.equal("pass");
    expect(result(r, "swarm-secrets-used").findings[0]!.evidence).to.deep.equal({ secrets: 1 });
    const text = JSON.stringify(again);
    expect(text, "the unlock key never enters the snapshot").not.to.match(/SWMKEY-/);
    expect(text).not.to.contain("planted-swarm-secret");
  });

  it("after leaving the swarm every section 7 check is skipped", async () => {
    await d!.docker(["swarm", "leave", "--force"]);
    const r = audit(await collect());
    for (const x of r.results) {
      expect(x.status, x.key).to.equal("skip");
      expect(x.findings[0]!.message, x.key).to.equal("swarm mode is not active");
    }
    expect(r.results).to.have.length(9);
  });
});
