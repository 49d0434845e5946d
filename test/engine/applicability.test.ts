import { expect } from "chai";
import { catalog as allChecks } from "../../checks/index.js";
import { podmanDaemonFacts } from "../../src/collect/index.js";
import { checkEngines, engineOf, notApplicable } from "../../src/engine/applicability.js";
import { runChecks } from "../../src/engine/run.js";
import { checkId } from "../../src/engine/select.js";
import { container, errFact, okFact, snapshot } from "../support/fixtures.js";

const PODMAN_VERSION = {
  Version: "4.3.1", ApiVersion: "1.41",
  Components: [{ Name: "Podman Engine", Version: "4.3.1", Details: { APIVersion: "4.3.1" } }, { Name: "Conmon", Version: "conmon version 2.1.6" }],
};
const noDockerd = "unknown daemon process: no dockerd process found in /proc (a remote daemon, or a PID namespace that hides it)";
const podmanSnapshot = () => {
  const s = snapshot({
    version: PODMAN_VERSION,
    info: { ServerVersion: "4.3.1", SecurityOptions: ["name=seccomp,profile=default"], LoggingDriver: "" },
    containers: [container("web")],
  });
  s.daemon = podmanDaemonFacts({ process: errFact(noDockerd, "/proc"), flags: errFact(noDockerd, "/proc"), configFile: errFact(noDockerd, "/proc"), effective: errFact(noDockerd, "/proc") },
    s.engine.version, "unix:///run/podman/podman.sock");
  return s;
};

describe("engine applicability (Podman)", () => {
  it("tells Podman from Docker by the \"Podman Engine\" component of GET /version", () => {
    expect(engineOf(podmanSnapshot())).to.deep.equal({ kind: "podman", name: "Podman Engine 4.3.1" });
    expect(engineOf(snapshot())).to.deep.equal({ kind: "docker", name: "Docker Engine 28.2.2" });
    // /version unreadable: nothing says Podman, so every check stays applicable (and decides or errs on its own)
    expect(engineOf(snapshot({ engine: { version: errFact("HTTP 500", "GET /version") } })).kind).to.equal("docker");
  });

  it("by section: dockerd's host files, configuration, files and Swarm are Docker's; a check may say otherwise", () => {
    expect(checkEngines({ section: "daemon" })).to.deep.equal(["docker"]);
    expect(checkEngines({ section: "swarm" })).to.deep.equal(["docker"]);
    expect(checkEngines({ section: "container-runtime" })).to.deep.equal(["docker", "podman"]);
    expect(checkEngines({ section: "daemon-files", engines: ["docker", "podman"] })).to.deep.equal(["docker", "podman"]);
    expect(notApplicable({ section: "daemon" }, snapshot())).to.equal(undefined);
    expect(notApplicable({ section: "daemon-files" }, podmanSnapshot())).to.equal(
      "not applicable on Podman (Podman Engine 4.3.1): this check is about dockerd's configuration files, which Podman does not have");
  });

  it("on Podman every dockerd-only check is skip naming Podman, never error; sections 4, 5 and X are judged", () => {
    const report = runChecks(podmanSnapshot(), allChecks, { benchmark: "1.8.0", containers: {} });
    for (const r of report.results) {
      const onlyDocker = !checkEngines(allChecks.find((c) => c.key === r.key)!).includes("podman");
      if (onlyDocker) {
        expect(r.status, r.id).to.equal("skip");
        expect(r.findings[0]!.message, r.id).to.match(/^not applicable on Podman \(Podman Engine 4\.3\.1\)/);
      } else {
        expect(r.findings.every((f) => !/Podman does not have/.test(f.message)), r.id).to.equal(true);
      }
    }
    const judged = report.results.filter((r) => r.status !== "skip").map((r) => r.section);
    expect(new Set(judged)).to.include.members(["4", "5", "X"]);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    for (const id of ["2.2", "2.15", "3.17", "1.1.3", "7.1"]) expect(byId[id]!.status, id).to.equal("skip");
    // the API socket and whether the engine runs rootless are judged whichever engine serves them
    expect(byId["3.15"]!.findings[0]!.message).to.not.match(/Podman does not have/);
    expect(byId["2.1"]!.status).to.equal("manual");
    expect(byId["5.10"]!.findings.map((f) => f.subject.name)).to.deep.equal(["web"]);
  });

  it("names Podman as the reason there is no dockerd to read, and leaves Docker's errors alone", () => {
    const s = podmanSnapshot();
    expect(!s.daemon.effective.ok && s.daemon.effective.error).to.equal(
      "Podman Engine 4.3.1 serves unix:///run/podman/podman.sock: it has no dockerd process, dockerd flags or daemon.json");
    const docker = { process: errFact<never>(noDockerd, "/proc"), flags: errFact<never>(noDockerd, "/proc"), configFile: errFact<never>(noDockerd, "/proc"), effective: errFact<never>(noDockerd, "/proc") };
    expect(podmanDaemonFacts(docker, okFact({ Version: "28.5.2" }, "GET /version"), "unix:///x")).to.equal(docker);
    // a dockerd running beside Podman (here matched as the only dockerd running) is not taken for the engine
    const beside = { ...docker, process: okFact({ pid: 6716, exe: "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "only: pid 6716 is the only dockerd running", rootless: true }, "/proc/6716/cmdline") };
    const onPodman = podmanDaemonFacts(beside, okFact(PODMAN_VERSION, "GET /version"), "unix:///run/user/1001/podman/podman.sock");
    expect(onPodman.process.ok).to.equal(false);
    expect(!onPodman.process.ok && onPodman.process.error).to.equal("Podman Engine 4.3.1 serves unix:///run/user/1001/podman/podman.sock: it has no dockerd process, dockerd flags or daemon.json");
    expect(podmanDaemonFacts(beside, okFact({ Version: "28.5.2" }, "GET /version"), "unix:///x")).to.equal(beside);
    expect(checkId(allChecks.find((c) => c.key === "daemon-non-root")!, "1.8.0")).to.equal("2.1");
  });

  it("the report's daemon.rootless on Podman is its service's (the kernel's word), not unknown", () => {
    const s = podmanSnapshot();
    expect(runChecks(s, allChecks, { benchmark: "1.8.0", containers: {} }).daemon.rootless).to.equal(null);
    s.engine.podman = okFact({ rootless: true, rootlessFrom: "podman system service (pid 812) runs as uid 1001 (/proc/812/status)", service: { pid: 812, uid: 1001 }, files: [], settings: {} }, "test");
    const report = runChecks(s, allChecks, { benchmark: "1.8.0", containers: {} });
    expect(report.daemon.rootless).to.equal(true);
    expect(report.results.find((r) => r.id === "2.1")!.status).to.equal("pass");
  });
});
