// The GRC outputs through the real CLI, from a saved snapshot (issue 23): attestations answering manual checks in
// every format and in the score, refused on automated checks; the evidence bundle keeping the attestation file;
// OSCAL and ASFF byte for byte from the same snapshot; ASFF batches for batch-import-findings.
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, image, snapshot } from "../support/fixtures.js";
import { formatArgs } from "../support/format-args.js";
import { expectValidOscal } from "../support/oscal.js";
import { reportSchemaErrors } from "../support/report-schema.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const dir = mkdtempSync(join(tmpdir(), "dockaudit-grc-"));
const snapFile = join(dir, "snapshot.json");
const attFile = join(dir, "attestations.yaml");
const ATTESTATIONS = `attestations:
  - check: "1.2.1"
    status: pass
    explanation: host hardened per the CIS Debian benchmark (ticket SEC-12)
    attested_by: Ada Auditor
    attested_at: 2026-01-10
    expires: 2026-12-31
  - check: daemon-non-root
    status: fail
    explanation: dockerd still runs as root; rootless planned for Q3
    attested_by: Bob Builder
    attested_at: 2026-01-11
    expires: 2026-06-30
  - check: "4.2"
    status: pass
    explanation: base images reviewed
    attested_by: Carol
    attested_at: 2020-01-01
    expires: 2020-12-31
  - check: "5.28"
    containers: [nothing-matches-*]
    status: pass
    explanation: stale on purpose
    attested_by: Dan
    attested_at: 2026-01-01
    expires: 2026-02-01
`;

const base = () => ["audit", "--snapshot", snapFile, "--no-config"];
const json = async (extra: string[] = []) => {
  const r = await runCli([...base(), "-f", "json", ...extra]);
  expect(r.code, r.stderr).to.be.oneOf([0, 1]);
  return JSON.parse(r.stdout);
};
const result = (report: any, id: string) => report.results.find((r: any) => r.id === id);

describe("cli: attestations, OSCAL and ASFF from a saved snapshot", function () {
  this.timeout(120_000);

  before(() => {
    const s = snapshot({ containers: [container("web", { Config: { Image: "nginx:1.27", Labels: {} } }), container("db", { Config: { Image: "postgres:16", Labels: {} } })], images: [image("nginx:1.27")] });
    writeFileSync(snapFile, JSON.stringify(s));
    writeFileSync(attFile, ATTESTATIONS);
  });

  it("gives attested manual checks their status, with the attester in the evidence; an expired one stays manual with a note; an unmatched one is stale", async () => {
    const r = await json(["--attestations", attFile]);
    expect(reportSchemaErrors(r)).to.equal("");
    const hardened = result(r, "1.2.1");
    expect(hardened.status).to.equal("pass");
    expect(hardened.findings[0].message).to.contain("attested pass by Ada Auditor on 2026-01-10, expires 2026-12-31");
    expect(hardened.findings[0].evidence.attestation).to.deep.include({ status: "pass", attestedBy: "Ada Auditor" });
    expect(result(r, "2.1").status).to.equal("fail");
    expect(result(r, "2.1").findings[0].message).to.contain("attested fail by Bob Builder on 2026-01-11, expires 2026-06-30");
    const expired = result(r, "4.2");
    expect(expired.status).to.equal("manual");
    expect(expired.findings[0].message).to.contain("the attestation by Carol on 2020-01-01 expired on 2020-12-31");
    expect(r.attestations.map((a: any) => `${a.check} ${a.state} ${a.matched}`)).to.deep.equal(["1.2.1 active 1", "daemon-non-root active 1", "4.2 expired 1", "5.28 stale 0"]);
  });

  it("counts attested checks in the score, and never changes an automated verdict", async () => {
    const plain = await json();
    const attested = await json(["--attestations", attFile]);
    expect(attested.summary.scoredTotal).to.equal(plain.summary.scoredTotal + 2);
    expect(attested.summary.passed).to.equal(plain.summary.passed + 1);
    for (const r of plain.results.filter((x: any) => x.automated)) expect(result(attested, r.id).status, r.id).to.equal(r.status);
  });

  it("shows 'attested by … on …, expires …' in HTML, JUnit, HDF (as attestation_data), OSCAL, ASFF, CSV and the table", async () => {
    const pass = "attested pass by Ada Auditor on 2026-01-10, expires 2026-12-31";
    const fail = "attested fail by Bob Builder on 2026-01-11, expires 2026-06-30";
    for (const f of ["html", "junit", "hdf", "oscal", "asff", "csv", "table", "sarif"]) {
      const r = await runCli([...base(), "--attestations", attFile, "-f", f, ...formatArgs(f)]);
      expect(r.code, r.stderr).to.equal(1);
      // SARIF and the table detail failures only (the Markdown summary names checks, not findings).
      if (!["sarif", "table"].includes(f)) expect(r.stdout, f).to.contain(pass);
      expect(r.stdout, f).to.contain(fail);
    }
    const hdf = JSON.parse((await runCli([...base(), "--attestations", attFile, "-f", "hdf"])).stdout);
    const control = hdf.profiles[0].controls.find((c: any) => c.id === "1.2.1");
    expect(control.attestation_data).to.deep.include({ control_id: "1.2.1", status: "passed", updated_by: "Ada Auditor", updated: "2026-01-10T00:00:00Z" });
    expectValidOscal((await runCli([...base(), "--attestations", attFile, "-f", "oscal"])).stdout);
  });

  it("refuses an attestation on an automated check, naming the file, line and column (exit 2)", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, `attestations:\n  - check: "5.4"\n    status: pass\n    explanation: x\n    attested_by: Eve\n    attested_at: 2026-01-01\n    expires: 2026-02-01\n`);
    const r = await runCli([...base(), "--attestations", bad]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: ${bad}:2:5: check "5.4" (container-capabilities-restricted) is automated: an attestation answers only a manual check, never an automated verdict\n`);
    expect(r.stdout).to.equal("");
  });

  it("refuses an expiry more than 365 days after attested_at, and a missing expires", async () => {
    const far = join(dir, "far.yaml");
    writeFileSync(far, `attestations:\n  - check: "1.2.1"\n    status: pass\n    explanation: x\n    attested_by: Eve\n    attested_at: 2026-01-01\n    expires: 2027-01-02\n`);
    const r = await runCli([...base(), "--attestations", far]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/far\.yaml:7:5: "expires" \(2027-01-02\) is more than 365 days after "attested_at" \(2026-01-01\)/);
    writeFileSync(far, `attestations:\n  - check: "1.2.1"\n    status: pass\n    explanation: x\n    attested_by: Eve\n    attested_at: 2026-01-01\n`);
    const m = await runCli([...base(), "--attestations", far]);
    expect(m.code).to.equal(2);
    expect(m.stderr).to.contain('lacks the required key "expires"');
  });

  it("reads attestations: from the configuration file, relative to it", async () => {
    const cfgDir = mkdtempSync(join(dir, "cfg-"));
    writeFileSync(join(cfgDir, "att.yaml"), ATTESTATIONS);
    writeFileSync(join(cfgDir, "dockaudit.yaml"), "attestations: att.yaml\nasff:\n  account: \"123456789012\"\n  region: eu-west-1\n");
    const r = await runCli(["audit", "--snapshot", snapFile, "--config", join(cfgDir, "dockaudit.yaml"), "-f", "asff"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.contain("attested pass by Ada Auditor");
  });

  it("keeps the attestation file in the evidence bundle (digest in the manifest), and verify re-applies it", async () => {
    const bundle = join(dir, "bundle");
    const r = await runCli([...base(), "--attestations", attFile, "-q", "--evidence", bundle]);
    expect(r.code, r.stderr).to.equal(1);
    expect(readFileSync(join(bundle, "attestations.yaml"), "utf8")).to.equal(ATTESTATIONS);
    const manifest = JSON.parse(readFileSync(join(bundle, "manifest.json"), "utf8"));
    expect(manifest.files["attestations.yaml"].sha256).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(bundle, "report.json"), "utf8")).attestations).to.have.length(4);
    const v = await runCli(["verify", bundle]);
    expect(v.code, v.stdout).to.equal(0);
    expect(v.stdout).to.contain("note: attestations.yaml (4 attestations) is applied again before the waivers");
    // Changing the answer changes the digest: verify says so.
    writeFileSync(join(bundle, "attestations.yaml"), ATTESTATIONS.replace("status: fail", "status: pass"));
    const t = await runCli(["verify", bundle]);
    expect(t.code).to.equal(1);
    expect(t.stdout).to.contain("attestations.yaml: altered");
    // A bundle written again without attestations leaves no stale attestation file behind.
    expect((await runCli([...base(), "-q", "--evidence", bundle])).code).to.equal(1);
    expect(readdirSync(bundle)).to.not.include("attestations.yaml");
    expect((await runCli(["verify", bundle])).code).to.equal(0);
  });

  it("writes OSCAL and ASFF byte for byte the same from the same snapshot", async () => {
    for (const f of ["oscal", "asff", "json"]) {
      const a = await runCli([...base(), "--attestations", attFile, "-f", f, ...formatArgs(f)]);
      const b = await runCli([...base(), "--attestations", attFile, "-f", f, ...formatArgs(f)]);
      expect(a.stdout.length, f).to.be.above(100);
      expect(a.stdout === b.stdout, f).to.equal(true);
    }
  });

  it("refuses -f asff without an account (exit 2, before reading anything)", async () => {
    const r = await runCli([...base(), "-f", "asff"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal("dockaudit: -f asff needs --asff-account: the 12-digit AWS account id the findings belong to\n");
  });

  it("--asff-batch-dir writes batches of at most 100 findings that together are the -f asff output", async () => {
    const batches = join(dir, "batches");
    const r = await runCli([...base(), "-f", "asff", ...formatArgs("asff"), "--asff-batch-dir", batches]);
    expect(r.code, r.stderr).to.equal(1);
    const all = JSON.parse(r.stdout);
    expect(all.length).to.be.above(100);
    const files = readdirSync(batches).sort();
    expect(files[0]).to.equal("batch-001.json");
    const parts = files.map((f) => JSON.parse(readFileSync(join(batches, f), "utf8")));
    for (const p of parts) expect(p.length).to.be.within(1, 100);
    expect(parts.slice(0, -1).every((p) => p.length === 100)).to.equal(true);
    expect(parts.flat()).to.deep.equal(all);
    // Batches of that run would be imported again beside new ones: a second run into the directory is refused.
    const again = await runCli([...base(), "-f", "asff", ...formatArgs("asff"), "--asff-batch-dir", batches]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.equal(`dockaudit: --asff-batch-dir ${batches}: already holds batch files of an earlier run; give an empty or new directory\n`);
  });
});
