// `dockaudit audit --compose FILE`: reads the Compose files (src/compose/read.ts), loads the project, stands in for
// the target daemon (--docker-host: read it as a live audit does; --daemon-config: its daemon.json; else nothing) and
// judges the services. Only --docker-host contacts a daemon: DOCKER_HOST alone does not.
import picomatch from "picomatch";
import { catalog } from "../../checks/index.js";
import { auditCompose, composeChecks, type ComposeDaemon } from "../compose/audit.js";
import { ComposeError, printable } from "../compose/errors.js";
import { loadProject } from "../compose/load.js";
import { readComposeInputs, readUserFile } from "../compose/read.js";
import { selectChecks, UsageError } from "../engine/select.js";
import type { AuditReport } from "../engine/types.js";
import type { SubjectLookup } from "../engine/waivers.js";
import type { Snapshot } from "../snapshot/types.js";
import { TOOL_VERSION } from "../version.js";
import type { AuditOptions } from "./audit-options.js";
import type { OnProgress } from "./progress.js";

export type { ComposeOptions } from "./audit-options.js";

export function readDaemonConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readUserFile(file);
  } catch (e) {
    throw new ComposeError(`--daemon-config ${printable(file)} ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ComposeError(`--daemon-config ${printable(file)} is not valid JSON (${(e as Error).message.replace(/ in JSON.*$/, "")})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new ComposeError(`--daemon-config ${printable(file)} must hold a JSON object, as daemon.json does`);
  return data as Record<string, unknown>;
}

export async function composeAudit(
  opts: AuditOptions,
  collect: (o: { dockerHost: string; onProgress?: OnProgress }) => Promise<Snapshot>,
  onProgress?: OnProgress,
): Promise<{ snapshot: Snapshot; report: AuditReport; lookup: SubjectLookup }> {
  if (opts.snapshot) throw new UsageError("--compose and --snapshot cannot be combined");
  if (opts.host) throw new UsageError("--compose and --host cannot be combined (give --docker-host for the target daemon)");
  if (opts.label.length) throw new UsageError("--label cannot be combined with --compose (select services with --include/--exclude)");
  if (opts.daemonConfig && opts.dockerHost) throw new UsageError("--daemon-config and --docker-host cannot be combined: the daemon at --docker-host is read instead");
  const cwd = process.cwd();
  const inputs = readComposeInputs(opts.compose ?? [], cwd, opts.envFile);
  const project = loadProject({
    files: inputs.files, dotEnv: inputs.dotEnv, environment: process.env, projectName: opts.projectName, profiles: opts.profile ?? [], cwd,
    read: readUserFile,
  });
  const include = opts.include.length ? picomatch(opts.include) : null;
  const exclude = opts.exclude.length ? picomatch(opts.exclude) : null;
  project.services = project.services.filter((s) => (!include || include(s.name)) && !(exclude && exclude(s.name)));
  let daemon: ComposeDaemon = { kind: "none" };
  if (opts.dockerHost) {
    const snapshot = await collect({ dockerHost: opts.dockerHost, onProgress });
    daemon = { kind: "docker-host", snapshot, localHost: opts.dockerHost.startsWith("unix://") };
  } else if (opts.daemonConfig) {
    daemon = { kind: "daemon-config", file: opts.daemonConfig, content: readDaemonConfig(opts.daemonConfig) };
  }
  const checks = composeChecks(selectChecks(catalog, opts.benchmark, { check: opts.check, skipCheck: opts.skipCheck, level: opts.level }));
  return auditCompose(project, {
    benchmark: opts.benchmark, checks, daemon, now: new Date(), toolVersion: TOOL_VERSION,
    eval: { trustedUsers: opts.trustedUsers, maxImageAgeDays: opts.maxImageAge },
  });
}
