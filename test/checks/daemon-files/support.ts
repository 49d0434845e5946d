// Fixtures for the host-file checks (sections 1 and 3): FileStat builders for snapshot tables, and real trees on
// disk with real owners and modes (the tests run as root), collected by the real collector rooted there.
import { expect } from "chai";
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { collectHostAuditFacts } from "../../../src/collect/host/host-files.js";
import { HostFs } from "../../../src/collect/transports/host-fs.js";
import { worstStatus } from "../../../src/engine/run.js";
import type { Check, Finding, Status } from "../../../src/engine/types.js";
import type { DaemonFacts, Fact, FileStat, Snapshot } from "../../../src/snapshot/types.js";
import { runCase } from "../../support/check-tester.js";
import { describeAsRoot } from "../../support/required.js";
import { effective, okFact, snapshot, type SnapshotOptions } from "../../support/fixtures.js";

/** A file as the collector records it; root:root 0644 regular file unless told otherwise. */
export function stat(path: string, over: Partial<FileStat> = {}): FileStat {
  return { path, exists: true, type: "file", mode: 0o644, uid: 0, gid: 0, user: "root", group: "root", ...over };
}

export const missing = (path: string): FileStat => ({ path, exists: false });

/** A snapshot whose host.files holds these roles (a plain list becomes an ok fact). */
export function withFiles(files: Record<string, FileStat[] | Fact<FileStat[]>>, o: SnapshotOptions = {}): Snapshot {
  const facts: Record<string, Fact<FileStat[]>> = {};
  for (const [role, v] of Object.entries(files)) facts[role] = Array.isArray(v) ? okFact(v, `test ${role}`) : v;
  return snapshot({ ...o, host: { files: facts, ...o.host } });
}

// ---------------------------------------------------------------- real trees

export interface Entry {
  /** Default "file"; "socket" binds a real unix socket, "link" makes a symlink to `target`. */
  type?: "file" | "dir" | "socket" | "link";
  mode?: number;
  uid?: number;
  gid?: number;
  content?: string;
  target?: string;
}

export type TreeSpec = Record<string, Entry>;

/** Accounts every tree has: root, a docker group (gid 999) and two users. */
export const BASE_TREE: TreeSpec = {
  "/etc/passwd": { content: "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:999::/home/bob:/bin/bash\n" },
  "/etc/group": { content: "root:x:0:\ndocker:x:999:alice\nalice:x:1000:\n" },
  "/var/run": { type: "link", target: "../run" },
  "/run": { type: "dir", mode: 0o755 },
};

export interface Tree {
  root: string;
  close(): Promise<void>;
}

export async function buildTree(spec: TreeSpec): Promise<Tree> {
  const root = mkdtempSync(join(tmpdir(), "dockaudit-tree-"));
  const servers: net.Server[] = [];
  const all = { ...BASE_TREE, ...spec };
  // Parents first, so that a directory's mode is applied after its children exist.
  const paths = Object.keys(all).sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
  const dirs: [string, Entry][] = [];
  for (const p of paths) {
    const e = all[p]!;
    const real = join(root, p);
    mkdirSync(dirname(real), { recursive: true });
    if (e.type === "dir") {
      mkdirSync(real, { recursive: true });
      dirs.push([real, e]);
      continue;
    }
    if (e.type === "link") {
      symlinkSync(e.target!, real);
      if (e.uid !== undefined) lchownSync(real, e.uid, e.gid ?? 0);
      continue;
    }
    if (e.type === "socket") {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(real, () => resolve()));
      servers.push(server);
    } else {
      writeFileSync(real, e.content ?? "");
    }
    chownSync(real, e.uid ?? 0, e.gid ?? 0);
    chmodSync(real, e.mode ?? 0o644);
  }
  for (const [real, e] of dirs.reverse()) {
    chownSync(real, e.uid ?? 0, e.gid ?? 0);
    chmodSync(real, e.mode ?? 0o755);
  }
  return {
    root,
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface DaemonSpec {
  exe?: string;
  settings?: Record<string, unknown>;
  configPath?: string;
  dockerRootDir?: string;
  dockerHost?: string;
  rootless?: boolean;
}

/** The daemon facts the collector needs, as the daemon collector would give them for `spec`. */
export function daemonFacts(spec: DaemonSpec = {}): DaemonFacts {
  const settings = spec.settings ?? {};
  return {
    process: okFact({ pid: 100, exe: spec.exe ?? "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "test", rootless: spec.rootless ?? false }, "/proc/100"),
    flags: okFact({}, "/proc/100/cmdline"),
    configFile: okFact({ path: spec.configPath ?? "/etc/docker/daemon.json", present: true, content: settings }, spec.configPath ?? "/etc/docker/daemon.json"),
    effective: effective(settings),
  };
}

/** Collects sections 1 and 3 from a tree with the real collector and returns a snapshot holding them. */
export async function collectTree(root: string, spec: DaemonSpec = {}): Promise<Snapshot> {
  const fs = new HostFs(root);
  const daemon = daemonFacts(spec);
  const dockerRootDir = spec.dockerRootDir ?? "/var/lib/docker";
  const info = okFact({ DockerRootDir: dockerRootDir }, "GET /info");
  const facts = await collectHostAuditFacts(fs, { daemon, info, dockerHost: spec.dockerHost ?? "unix:///var/run/docker.sock" }, {
    run: async () => {
      throw new Error("no command may run when --root is not /");
    },
  });
  return snapshot({ daemon, host: facts, info: { DockerRootDir: dockerRootDir } });
}

export interface TreeCase {
  name: string;
  tree: TreeSpec;
  daemon?: DaemonSpec;
  status: Status;
  subjects?: Record<string, Status>;
  message?: string | RegExp;
  trustedUsers?: string[];
  check?: (findings: Finding[]) => void;
}

/** Each case builds its tree, collects it with the real collector rooted there, and evaluates the check. */
export function onRealTree(check: Check, cases: TreeCase[]): void {
  describeAsRoot(`check ${check.key} on a real tree`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const tree = await buildTree(c.tree);
        try {
          const snap = await collectTree(tree.root, c.daemon);
          const findings = runCase(check, { name: c.name, snapshot: snap, status: c.status, trustedUsers: c.trustedUsers });
          const text = findings.map((f) => `${f.subject.name}: ${f.status}: ${f.message}`).join("\n");
          expect(worstStatus(findings.map((f) => f.status)), text).to.equal(c.status);
          if (c.subjects) expect(Object.fromEntries(findings.map((f) => [f.subject.name, f.status])), text).to.deep.equal(c.subjects);
          if (c.message instanceof RegExp) expect(text).to.match(c.message);
          else if (c.message) expect(text).to.contain(c.message);
          c.check?.(findings);
        } finally {
          await tree.close();
        }
      });
    }
  });
}
