// The container image (Dockerfile, FROM scratch, release/rootfs) on a throwaway daemon: docker build with no
// registry, the containerised audit gives the host audit's verdicts finding by finding, names its own container,
// writes only to the mounted directory, and the image holds nothing but the executable and its libraries.
import { readReport } from "../support/results.js";
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { AuditReport } from "../../src/engine/types.js";
import { runCli } from "../support/cli.js";
import { importBusyboxImage, BUSYBOX_IMAGE, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { buildDockauditImage, buildRelease, IMAGE, RELEASE_BUILD_TIMEOUT_MS, runBare, type Release } from "../support/release.js";

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

/** Each check's status, then each finding as "id kind:subject status" (messages name their sources, "under /host"). */
function verdicts(r: AuditReport): string[] {
  return r.results.flatMap((c) => [`${c.id} ${c.status}`, ...c.findings.map((f) => `${c.id} ${f.subject.kind}:${f.subject.name} ${f.status}`)]);
}

/** docs/container-image.md: no capability but the two the audit needs (measured there), no privilege gain, no network. */
const LEAST_PRIVILEGE = ["--cap-drop", "ALL", "--cap-add", "SYS_PTRACE", "--cap-add", "DAC_READ_SEARCH", "--security-opt", "no-new-privileges",
  "--read-only", "--network", "none", "--uts", "host"];

describe("real daemon: the container image", function () {
  this.timeout(RELEASE_BUILD_TIMEOUT_MS);
  let d: ThrowawayDaemon | undefined;
  let rel: Release;
  let out: string;
  let inContainer: AuditReport;
  let onHost: AuditReport;
  let auditorId: string;

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "image" });
    rel = await buildRelease();
    await buildDockauditImage(d, rel);
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "plain", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "hostpid", "--pid", "host", "-v", "/etc:/host-etc:ro", BUSYBOX_IMAGE]);
    out = mkdtempSync(join(d.dir, "reports-"));
    // The documented least-privilege run line (docs/container-image.md), with this daemon's socket mounted at its own
    // path (as /var/run/docker.sock is on a host).
    auditorId = (await d.docker(["create", "--name", "dockaudit-self", ...LEAST_PRIVILEGE,
      "-v", `${d.socket}:${d.socket}`, "-v", "/:/host:ro", "-v", `${out}:/reports`,
      IMAGE, "audit", "--root", "/host", "--docker-host", d.host, "-q", "-f", "json", "-o", "/reports/report.json", "--output-dir", "/reports/dir"])).trim();
    const code = (await d.docker(["start", "-a", "dockaudit-self"]).then(() => "0", (e: Error) => e.message));
    expect(await d.docker(["inspect", "-f", "{{.State.ExitCode}}", "dockaudit-self"]), code).to.match(/^1\n?$/);
    inContainer = readReport(readFileSync(join(out, "report.json"), "utf8"));
    // The same audit on the host, once the auditor's container has stopped.
    const r = await runCli(["audit", "--docker-host", d.host, "-f", "json"]);
    expect(r.code, r.stderr).to.equal(1);
    onHost = readReport(r.stdout);
  });

  after(async () => {
    await d?.stop();
  });

  it("gives every verdict of the host audit, check by check and finding by finding", () => {
    expect(inContainer.results.length).to.be.greaterThan(100);
    expect(verdicts(inContainer)).to.deep.equal(verdicts(onHost));
    expect(inContainer.summary).to.deep.equal(onHost.summary);
    expect((inContainer.containers ?? []).map((c) => c.name).sort()).to.deep.equal(["hostpid", "plain"]);
    // It really read the host: dockerd found through /host/proc, its settings and files through /host.
    expect(inContainer.daemon.pid).to.equal(d!.pid);
    expect(inContainer.host.root).to.equal("/host");
    expect(inContainer.host.hostname).to.equal(onHost.host.hostname);
  });

  it("without any capability, every verdict that differs from the host audit is an error naming what it lacks", async () => {
    await d!.docker(["run", "--rm", ...LEAST_PRIVILEGE.filter((a) => a !== "SYS_PTRACE" && a !== "DAC_READ_SEARCH" && a !== "--cap-add"),
      "-v", `${d!.socket}:${d!.socket}`, "-v", "/:/host:ro", "-v", `${out}:/reports`,
      IMAGE, "audit", "--root", "/host", "--docker-host", d!.host, "-q", "-f", "json", "-o", "/reports/nocaps.json"]).catch(() => undefined);
    const bare = readReport(readFileSync(join(out, "nocaps.json"), "utf8"));
    const host = new Map(onHost.results.map((c) => [c.id, c.status]));
    const differ = bare.results.filter((c) => c.status !== host.get(c.id));
    expect(differ.length, "the daemon itself cannot be proven without CAP_SYS_PTRACE").to.be.greaterThan(0);
    for (const c of differ) {
      expect(c.status, `${c.id}: ${c.findings.map((f) => f.message).join(" | ")}`).to.equal("error");
      expect(c.findings.map((f) => f.message).join(" | "), c.id).to.match(/CAP_SYS_PTRACE|EACCES/);
    }
    expect(bare.daemon.pid).to.equal(null);
  });

  it("with another daemon's socket mounted where a host daemon listens, judges the daemon behind the socket, not the one at that path", async function () {
    const other = await startDaemonOrSkip(this, { name: "image-other" });
    try {
      // The container's <other's socket path> is d's socket: only the file's identity tells them apart.
      await d!.docker(["run", "--rm", ...LEAST_PRIVILEGE, "-v", `${d!.socket}:${other.socket}`, "-v", "/:/host:ro", "-v", `${out}:/reports`,
        IMAGE, "audit", "--root", "/host", "--docker-host", other.host, "-q", "-f", "json", "-o", "/reports/mounted.json"]).catch(() => undefined);
      const r = readReport(readFileSync(join(out, "mounted.json"), "utf8"));
      expect(r.daemon.pid).to.equal(d!.pid);
      expect(r.daemon.pid).to.not.equal(other.pid);
      // The daemon's own checks are d's: the same as in the audit of d through its own path.
      const daemonChecks = (x: AuditReport) => x.results.filter((c) => c.section === "2").map((c) => `${c.id} ${c.status}`);
      expect(daemonChecks(r)).to.deep.equal(daemonChecks(inContainer));
      expect(daemonChecks(r).length).to.be.greaterThan(10);
    } finally {
      await other.stop();
    }
  });

  it("the single executable on the host, from a directory with no Node on PATH, gives the same verdicts", async () => {
    const bare = mkdtempSync(join(d!.dir, "bare-"));
    mkdirSync(join(bare, "empty-path"));
    const r = await runBare(rel.exe, ["audit", "--docker-host", d!.host, "-f", "json"], { cwd: bare });
    expect(r.code, r.stderr).to.equal(1);
    const exeReport = readReport(r.stdout);
    expect(verdicts(exeReport)).to.deep.equal(verdicts(onHost));
    expect(exeReport.results.map((c) => c.findings.map((f) => f.message))).to.deep.equal(onHost.results.map((c) => c.findings.map((f) => f.message)));
  });

  it("names its own container as the auditor and does not judge it", () => {
    expect(inContainer.auditor?.id).to.equal(auditorId);
    expect(inContainer.auditor?.name).to.equal("dockaudit-self");
    expect(inContainer.auditor?.source).to.match(/^\/proc\/self\/mountinfo: \/etc\/(hostname|hosts|resolv\.conf) from .*\/containers\/[0-9a-f]{64}\//);
    const subjects = inContainer.results.flatMap((c) => c.findings.map((f) => f.subject.name));
    expect(subjects).to.not.include("dockaudit-self");
    expect(onHost).to.not.have.property("auditor");
  });

  it("writes its reports to the mounted directory and nothing in its own filesystem", async () => {
    expect(readdirSync(out).filter((f) => f === "dir" || f === "report.json").sort()).to.deep.equal(["dir", "report.json"]);
    expect(readdirSync(join(out, "dir")).sort()).to.deep.equal(["report.hdf.json", "report.html", "report.json", "report.xml"]);
    // docker diff lists the mount points Docker itself creates (the targets and their parents); nothing else may be there.
    const targets = [d!.socket, "/host", "/reports"];
    const mountPoints = new Set(targets.flatMap((t) => t.split("/").slice(1).map((_, i, parts) => `/${parts.slice(0, i + 1).join("/")}`)));
    const changed = (await d!.docker(["diff", "dockaudit-self"])).trim().split("\n").filter(Boolean);
    expect(changed.filter((line) => !(line.startsWith("A ") && mountPoints.has(line.slice(2))))).to.deep.equal([]);
  });

  it("holds only the executable and the libraries it links, no environment value and no secret", async () => {
    const inspect = JSON.parse(await d!.docker(["image", "inspect", IMAGE]))[0] as { Config: { Env: string[] | null; Entrypoint: string[] }; RootFS: { Layers: string[] } };
    expect(inspect.Config.Entrypoint).to.deep.equal(["/usr/local/bin/dockaudit"]);
    expect((inspect.Config.Env ?? []).filter((e) => !e.startsWith("PATH="))).to.deep.equal([]);
    // docker save: manifest.json names each layer's tar (in the old and the OCI layout alike).
    const saved = mkdtempSync(join(d!.dir, "saved-"));
    execFileSync("sh", ["-c", `docker save ${IMAGE} | tar -xf - -C ${saved}`], { env: d!.env, maxBuffer: 64 << 20 });
    const layers = (JSON.parse(readFileSync(join(saved, "manifest.json"), "utf8")) as { Layers: string[] }[])[0]!.Layers;
    const files = layers.flatMap((l) => execFileSync("tar", ["-tf", join(saved, l)], { encoding: "utf8" }).split("\n")).filter((f) => f && !f.endsWith("/"));
    expect(files.sort()).to.deep.equal(filesUnder(rel.rootfs).sort());
    expect(files).to.include("usr/local/bin/dockaudit");
  });

  it("works as `docker run IMAGE audit …`: the entrypoint is dockaudit", async () => {
    expect((await d!.docker(["run", "--rm", "--network", "none", IMAGE, "--version"])).trim()).to.equal(rel.version);
  });
});
