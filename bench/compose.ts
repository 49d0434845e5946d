// Benchmark: a Compose audit of a project of N services (default 200) of mixed settings, the whole CLI run (Node
// start-up, reading, schema validation, modelling, every check, rendering), with no daemon (no --docker-host).
// Prints wall time and CPU time (user + system, under /usr/bin/time; the steadier figure on a shared machine), median
// and worst of --runs, per N. Issue 22 asks for 200 services in at most 0.5 s.
//   npm run build && node dist/bench/compose.js [--n 50,200] [--runs 7] [--format json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/version.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? value : fallback;
}

const sizes = arg("n", "50,200").split(",").map(Number);
const runs = Number(arg("runs", "7"));
const format = arg("format", "json");

// Hardened, risky and plain services in turn, with the syntaxes a real project uses, so every check has work to do.
const SERVICES: string[] = [
  "    read_only: true\n    mem_limit: 64m\n    pids_limit: 100\n    user: \"1000\"\n    restart: on-failure:3\n    security_opt: [\"no-new-privileges:true\"]\n    cap_drop: [ALL]\n    healthcheck:\n      test: [CMD, /bin/true]\n",
  "    privileged: true\n    pid: host\n    ports: [\"80:80\"]\n    volumes: [\"/etc:/host-etc:ro\", \"/var/run/docker.sock:/var/run/docker.sock\"]\n",
  "    <<: *common\n    ports:\n      - target: 8080\n        published: \"18080\"\n        host_ip: 127.0.0.1\n    deploy:\n      resources:\n        limits: {memory: 32M, cpus: \"0.5\", pids: 50}\n",
  "    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-bench-planted}\n      MODE: prod\n    cap_add: [NET_ADMIN, SYS_PTRACE]\n    restart: always\n    ulimits: {nofile: {soft: 1024, hard: 2048}}\n",
  "    network_mode: bridge\n    devices: [\"/dev/null:/dev/xnull\"]\n    tmpfs: [/run]\n    security_opt: [\"seccomp:unconfined\"]\n",
];

function project(n: number): string {
  const lines = ["x-common: &common", "  restart: unless-stopped", "  labels: {team: bench}", "services:"];
  for (let i = 0; i < n; i++) lines.push(`  svc-${i}:`, `    image: registry.example/app-${i % 7}:1.${i % 3}`, SERVICES[i % SERVICES.length]?.trimEnd() ?? "");
  return lines.join("\n") + "\n";
}

const dir = mkdtempSync(join(tmpdir(), "dockaudit-bench-compose-"));
try {
  console.log(`Compose audit, no daemon, format ${format}, ${runs} runs each (wall seconds: median, worst)`);
  for (const n of sizes) {
    const file = join(dir, `compose-${n}.yml`);
    writeFileSync(file, project(n));
    const times: number[] = [];
    const cpus: number[] = [];
    const timed = existsSync("/usr/bin/time");
    for (let r = 0; r < runs; r++) {
      const cli = [process.execPath, join(PROJECT_ROOT, "bin", "dockaudit"), "audit", "--no-config", "--compose", file, "--format", format, "--output", join(dir, "out")];
      const [bin, ...args] = timed ? ["/usr/bin/time", "-f", "CPU %U %S", ...cli] : cli;
      const t0 = process.hrtime.bigint();
      const p = spawnSync(bin ?? process.execPath, args, { encoding: "utf8", env: { ...process.env, DOCKER_HOST: "" } });
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (p.status !== 0 && p.status !== 1) throw new Error(`dockaudit exited ${p.status}: ${p.stderr}`);
      times.push(wall);
      const m = /CPU ([\d.]+) ([\d.]+)/.exec(p.stderr);
      if (m) cpus.push(Number(m[1]) + Number(m[2]));
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const worst = (xs: number[]) => Math.max(...xs);
    const cpu = cpus.length ? `; CPU ${mid(cpus).toFixed(2)} s median, ${worst(cpus).toFixed(2)} s worst` : "";
    console.log(`${String(n).padStart(4)} services: wall ${mid(times).toFixed(2)} s median, ${worst(times).toFixed(2)} s worst${cpu}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
