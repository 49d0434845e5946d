// Section 4 and dockaudit's own checks against a real daemon: images built with the classic builder (so history
// entries are in the daemon's own format), containers started the way the checks judge, one collection.
import { expect } from "chai";
import { dockauditChecks } from "../../checks/dockaudit/index.js";
import { imageChecks } from "../../checks/images/index.js";
import { collectSnapshot } from "../../src/collect/index.js";
import { runChecks } from "../../src/engine/run.js";
import type { AuditReport } from "../../src/engine/types.js";
import { result, statuses } from "../support/results.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { BUSYBOX_IMAGE, buildImage, importBusyboxImage, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";

const BUILT = "dockaudit-test/hist:1";
const PLANTED = "hunter2-planted-e2e";


describeEngines("real daemon: image checks and dockaudit's own checks", "all", function (engine) {
  this.timeout(240_000);
  let d: ThrowawayDaemon | undefined;
  let snap: Snapshot;
  let report: AuditReport;

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "images" });
    await importBusyboxImage(d);
    // `true ||` keeps the build offline while the history records the package commands as written.
    await buildImage(d, BUILT, [
      `FROM ${BUSYBOX_IMAGE}`,
      "ARG VERSION=1",
      "RUN true || apt-get update",
      "RUN true || (apt-get update && apt-get install -y curl)",
      "ADD local.txt /app/",
      "COPY local.txt /app/copy.txt",
      "ENV ADDRESS=0.0.0.0",
      "USER 1000",
      'HEALTHCHECK CMD ["/bin/true"]',
    ].join("\n") + "\n", { "local.txt": "hello" });
    await d.docker(["run", "-d", "--name", "built", "--memory", "64m", BUILT, "sleep", "3600"]);
    // A process whose executable is named sshd: the kernel names a script's process after the script.
    await d.docker(["run", "-d", "--name", "plain", "-e", `DB_PASSWORD=${PLANTED}`, "-e", "DB_PASSWORD_FILE=/run/secrets/db",
      "--cap-add", "SYS_PTRACE", "--cap-add", "CHOWN", BUSYBOX_IMAGE,
      "sh", "-c", 'printf "#!/bin/sh\\nsleep 3600\\n" > /tmp/sshd && chmod +x /tmp/sshd && /tmp/sshd']);
    for (let i = 0; i < 50; i++) {
      if ((await d.docker(["top", "plain", "-o", "pid,comm"])).includes("sshd")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    snap = await collectSnapshot({ root: "/", dockerHost: d.host, toolVersion: "0.0.0-test" });
    report = runChecks(snap, [...imageChecks, ...dockauditChecks], { benchmark: "1.8.0", containers: {} });
  });

  after(async () => {
    await d?.stop();
  });

  it("4.1: the image's USER counts; the imported image's default is root", () => {
    expect(statuses(result(report, "image-container-user"))).to.deep.equal({ built: "pass", plain: "fail" });
  });

  it("4.6: only images in use are judged, by their HEALTHCHECK", () => {
    expect(statuses(result(report, "image-healthcheck"))).to.deep.equal({ [BUILT]: "pass", [BUSYBOX_IMAGE]: "fail" });
  });

  it("4.7: the lone update fails, the update with install does not", () => {
    const r = result(report, "image-update-not-alone");
    expect(statuses(r)).to.deep.equal({ [BUILT]: "fail", [BUSYBOX_IMAGE]: "pass" });
    const f = r.findings.find((x) => x.subject.name === BUILT)!;
    expect(f.evidence?.["updatesAlone"]).to.deep.equal(["RUN true || apt-get update"]);
    expect(f.evidence?.["baseImage"]).to.equal(BUSYBOX_IMAGE);
  });

  it("4.9: the ADD fails, COPY and ENV ADDRESS do not", () => {
    const r = result(report, "image-copy-not-add");
    const f = r.findings.find((x) => x.subject.name === BUILT)!;
    expect(f.status).to.equal("fail");
    expect(f.evidence?.["add"]).to.have.length(1);
    expect(String((f.evidence?.["add"] as string[])[0])).to.match(/^ADD file:[0-9a-f]+ in \/app\/$/);
  });

  it("X.2: the planted password is named, never shown; the _FILE variable is not", () => {
    const r = result(report, "da-env-secrets");
    expect(statuses(r)).to.deep.equal({ built: "pass", plain: "fail" });
    const f = r.findings.find((x) => x.subject.name === "plain")!;
    expect(f.message).to.contain("DB_PASSWORD").and.not.to.contain("DB_PASSWORD_FILE");
    expect(JSON.stringify(report)).not.to.contain(PLANTED);
  });

  it("X.3: the process named sshd is found from the Engine API's process list", () => {
    expect(statuses(result(report, "da-remote-shell-daemon"))).to.deep.equal({ built: "pass", plain: "fail" });
  });

  it("X.4: SYS_PTRACE is named, CHOWN is not dangerous", () => {
    const r = result(report, "da-dangerous-capabilities");
    expect(statuses(r)).to.deep.equal({ built: "pass", plain: "fail" });
    expect(r.findings.find((x) => x.subject.name === "plain")!.evidence?.["dangerous"]).to.deep.equal(["SYS_PTRACE"]);
  });

  it("X.5: freshly built images are young", () => {
    expect(result(report, "da-image-age").status).to.equal("pass");
  });

  it("X.6: --memory is a limit, no limit at all fails", () => {
    expect(statuses(result(report, "da-no-resource-limits"))).to.deep.equal({ built: "pass", plain: "fail" });
  });

  it("X.7: the daemon applies its default seccomp profile", () => {
    const r = result(report, "da-daemon-seccomp-profile");
    const hostSeccomp = snap.host.seccomp.ok && snap.host.seccomp.value.procStatus;
    expect(r.status, JSON.stringify(r.findings)).to.equal(hostSeccomp ? "pass" : "skip");
  });
});
