// Daemon checks and container checks judge the same setting from two sides: the daemon's default (2.15
// no-new-privileges; 2.18 and X.7 seccomp) and each container that relies on it (5.26; 5.22). On one snapshot the
// two sides must never contradict each other: for a container that relies on the default (no option of its own,
// not privileged, and not provably created or started before the running daemon), one side passing while the
// other fails is a contradiction. Every combination of what the configuration, the Engine API, the daemon's
// start time and the kernel say is generated and both sides are evaluated through the engine.
import { expect } from "chai";
import containerNnp from "../../checks/container-runtime/no-new-privileges.js";
import containerSeccomp from "../../checks/container-runtime/seccomp-profile.js";
import daemonNnp from "../../checks/daemon/no-new-privileges.js";
import daemonSeccomp from "../../checks/daemon/seccomp-profile.js";
import ownSeccomp from "../../checks/dockaudit/daemon-seccomp-profile.js";
import { buildContext, evaluateCheck } from "../../src/engine/run.js";
import type { Check, Finding } from "../../src/engine/types.js";
import type { ContainerInspect, DaemonFacts, ProcessSecurity, Snapshot } from "../../src/snapshot/types.js";
import { container, effective, errFact, okFact, snapshot } from "../support/fixtures.js";
import { runtime } from "../support/kernel.js";

const DAEMON_START = "2026-01-10T09:00:00.000Z";
const BEFORE = "2026-01-10T08:00:00Z";
const AFTER = "2026-01-10T10:00:00Z";
const CONFIG_EDITED = "2026-01-10T09:30:00.000Z";

type Setting = "on" | "off" | "unset" | "unreadable" | "on, edited after start";
type Start = "known" | "unknown";
type Kernel<T> = T | "unreadable";

function product<T extends Record<string, readonly unknown[]>>(dims: T): { [K in keyof T]: T[K][number] }[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, vs] of Object.entries(dims)) out = out.flatMap((o) => vs.map((v) => ({ ...o, [k]: v })));
  return out as { [K in keyof T]: T[K][number] }[];
}

function daemonFacts(setting: Setting, key: string, value: unknown, start: Start): Partial<DaemonFacts> {
  const startedAt = start === "known" ? { startedAt: DAEMON_START } : {};
  const process = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd"], matchedBy: "test", rootless: false, ...startedAt }, "/proc/100/cmdline");
  if (setting === "unreadable") {
    return { process, configFile: errFact("EACCES: permission denied", "/etc/docker/daemon.json"), effective: errFact("/etc/docker/daemon.json could not be read: EACCES", "/etc/docker/daemon.json") };
  }
  const content = setting === "unset" ? {} : { [key]: value };
  const modifiedAt = setting === "on, edited after start" ? CONFIG_EDITED : "2026-01-01T00:00:00.000Z";
  return { process, configFile: okFact({ path: "/etc/docker/daemon.json", present: true, content, modifiedAt }, "/etc/docker/daemon.json"), effective: effective(content) };
}

interface Judged { status: string; message: string; source?: unknown }

function statusOf(check: Check, snap: Snapshot, subject?: string): Judged {
  const findings: Finding[] = evaluateCheck(check, buildContext(snap, { benchmark: "1.8.0", containers: {}, eval: {} }));
  const f = subject ? findings.find((x) => x.subject.name === subject) : findings[0];
  if (!f) throw new Error(`${check.key}: no finding${subject ? ` for ${subject}` : ""}`);
  return { status: f.status, message: f.message, source: f.evidence?.["source"] };
}

/**
 * The contradiction, if any, between a daemon-wide verdict and a verdict on a container relying on that default.
 * A container the running daemon provably created (or started) must agree with the daemon verdict whatever
 * decided it. One of unknown age (dockerd's start time unread) may differ from what the running daemon reports
 * through its API, its current default: it then predates that default. It may not differ from a verdict the
 * configuration decided, which it could disprove.
 */
function contradiction(d: Judged, c: Judged, provablyByRunningDaemon: boolean): string | undefined {
  if (!provablyByRunningDaemon && d.source === "API") return undefined;
  const pair = [d.status, c.status].sort().join("/");
  return pair === "fail/pass" ? `daemon ${d.status} (${String(d.source)}): ${d.message}\ncontainer ${c.status}: ${c.message}` : undefined;
}

describe("daemon and container checks never contradict each other on one snapshot", () => {
  it("2.15 and 5.26 (no-new-privileges) over every combination of configuration, /info, start time and kernel", () => {
    const cases = product({
      engine: ["20.10.24", "28.2.2 reports it", "28.2.2 does not report it", "/info unreadable"] as const,
      setting: ["on", "off", "unset", "unreadable", "on, edited after start"] as Setting[],
      start: ["known", "unknown"] as Start[],
      created: [BEFORE, AFTER],
      kernel: [true, false, "unreadable"] as Kernel<boolean>[],
      dockerdNnp: [false, true],
    });
    let judged = 0;
    const problems: string[] = [];
    for (const k of cases) {
      const c = container("web", { Created: k.created, State: { StartedAt: k.created } });
      const version = k.engine.split(" ")[0] ?? "";
      const secOpts = ["name=seccomp,profile=builtin", ...(k.engine.includes("reports it") && !k.engine.includes("not") ? ["name=no-new-privileges"] : [])];
      const kernel: Partial<ProcessSecurity> | string = k.kernel === "unreadable" ? "process 4242 is gone" : { noNewPrivs: k.kernel };
      const snap = snapshot({
        containers: [c],
        daemon: daemonFacts(k.setting, "no-new-privileges", k.setting !== "off", k.start),
        info: { ServerVersion: version, SecurityOptions: secOpts },
        version: { Version: version },
        host: { runtime: runtime([[c, kernel]], { noNewPrivs: k.dockerdNnp }) },
      });
      if (k.engine === "/info unreadable") snap.engine.info = errFact("GET /info timed out", "GET /info");
      const relies = !(k.start === "known" && k.created === BEFORE);
      if (!relies) continue;
      judged++;
      const why = contradiction(statusOf(daemonNnp, snap), statusOf(containerNnp, snap, "web"), k.start === "known");
      if (why) problems.push(`${JSON.stringify(k)}\n${why}`);
    }
    expect(judged).to.be.greaterThan(100);
    expect(problems.length, problems.join("\n\n")).to.equal(0);
  });

  it("2.18 and X.7 against 5.22 (seccomp) over every combination of /info, start time and kernel", () => {
    const cases = product({
      profile: ["builtin", "default", "unconfined", "/etc/docker/seccomp/custom.json", "none reported", "/info unreadable"] as const,
      start: ["known", "unknown"] as Start[],
      started: [BEFORE, AFTER],
      kernel: ["disabled", "filter", "unreadable"] as Kernel<"disabled" | "filter">[],
      dockerdSeccomp: ["disabled", "filter"] as const,
      filters: [1, 2],
    });
    let judged = 0;
    const problems: string[] = [];
    for (const k of cases) {
      const c: ContainerInspect = container("web", { State: { StartedAt: k.started } });
      const secOpts = k.profile === "none reported" ? ["name=apparmor"] : [`name=seccomp,profile=${k.profile}`];
      const kernel: Partial<ProcessSecurity> | string = k.kernel === "unreadable" ? "process 4242 is gone" : { seccomp: k.kernel, seccompFilters: k.kernel === "filter" ? k.filters : 0 };
      const dockerd: Partial<ProcessSecurity> = { seccomp: k.dockerdSeccomp, seccompFilters: k.dockerdSeccomp === "filter" ? 1 : 0 };
      const snap = snapshot({
        containers: [c],
        daemon: daemonFacts("unset", "seccomp-profile", "", k.start),
        info: { SecurityOptions: secOpts },
        host: { runtime: runtime([[c, kernel]], dockerd) },
      });
      if (k.profile === "/info unreadable") snap.engine.info = errFact("GET /info timed out", "GET /info");
      const relies = !(k.start === "known" && k.started === BEFORE);
      if (!relies) continue;
      judged++;
      const onContainer = statusOf(containerSeccomp, snap, "web");
      for (const daemonCheck of [daemonSeccomp, ownSeccomp]) {
        const why = contradiction(statusOf(daemonCheck, snap), onContainer, k.start === "known");
        if (why) problems.push(`${daemonCheck.key} ${JSON.stringify(k)}\n${why}`);
      }
    }
    expect(judged).to.be.greaterThan(50);
    expect(problems.length, problems.join("\n\n")).to.equal(0);
  });
});
