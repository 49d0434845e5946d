// Sections 1 and 3 against a throwaway dockerd: the collector must find the files this daemon really uses (its own
// socket, TLS files, --config-file, userns-remapped data-root, the containerd it runs under its exec-root), not the
// default paths, and the checks must judge those.
import { expect } from "chai";
import { catalog } from "../../checks/index.js";
import { collectSnapshot } from "../../src/collect/index.js";
import { runChecks } from "../../src/engine/run.js";
import type { AuditReport } from "../../src/engine/types.js";
import type { Fact, FileStat, Snapshot } from "../../src/snapshot/types.js";
import { startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";

const paths = (f: Fact<FileStat[]> | undefined) => (f?.ok ? f.value.filter((x) => x.exists).map((x) => x.path) : f?.error);

describe("real daemon: sections 1 and 3", function () {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let snap: Snapshot;
  let report: AuditReport;

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "files", tcpTls: true, daemonJson: { "userns-remap": "default" } });
    snap = await collectSnapshot({ root: "/", dockerHost: d.host, toolVersion: "0.0.0-test" });
    const checks = catalog.filter((c) => c.section === "host" || c.section === "daemon-files");
    report = runChecks(snap, checks, { benchmark: "1.8.0", containers: {} });
  });

  after(async () => {
    await d?.stop();
  });

  const result = (id: string) => report.results.find((r) => r.id === id)!;
  const subjects = (id: string) => result(id).findings.map((f) => f.subject.name);

  it("finds the daemon's own socket, TLS files and configuration file", () => {
    const files = snap.host.files!;
    expect(paths(files["docker-socket"])).to.deep.equal([d!.socket]);
    expect(paths(files["tls-ca"])).to.deep.equal([d!.tls!.caCert]);
    expect(paths(files["tls-cert"])).to.deep.equal([d!.tls!.serverCert]);
    expect(paths(files["tls-key"])).to.deep.equal([d!.tls!.serverKey]);
    expect(paths(files["daemon-json"])).to.deep.equal([d!.configFile]);
  });

  it("takes the userns-remapped data-root the daemon reports and the containerd it runs itself", () => {
    expect(paths(snap.host.files!["data-root"])).to.deep.equal([`${d!.dir}/data/100000.100000`]);
    expect(paths(snap.host.files!["containerd-socket"])).to.include(`${d!.dir}/exec/containerd/containerd.sock`);
    expect(paths(snap.host.files!["dockerd"])).to.have.length(1);
  });

  it("judges those files: the harness's TLS key is 0400 and its socket root:docker 0660", () => {
    for (const id of ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.16", "3.17", "3.18"]) {
      expect(result(id).status, `${id}: ${JSON.stringify(result(id).findings)}`).to.equal("pass");
    }
    expect(subjects("3.15")).to.deep.equal([d!.socket]);
    expect(subjects("1.1.11")).to.deep.equal([d!.configFile]);
    expect(subjects("1.1.5")).to.deep.equal([`${d!.dir}/data/100000.100000`]);
  });

  it("decides every section 1 and 3 check or says why not", () => {
    for (const r of report.results) {
      expect(r.findings.length, r.id).to.be.greaterThan(0);
      for (const f of r.findings) expect(f.message, `${r.id} ${f.subject.name}`).to.be.a("string").and.not.equal("");
      expect(r.status, `${r.id}: ${JSON.stringify(r.findings)}`).to.not.equal("error");
    }
  });
});
