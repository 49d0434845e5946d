// Which engine serves the audited endpoint, and which checks its data can decide. Podman serves the Docker Engine
// API too (/version lists the component "Podman Engine"): its containers and images are judged like Docker's, but it
// has no dockerd, no daemon.json, no docker.service and no Swarm, so the checks about those are `skip` with a reason
// naming Podman, never `error`. One rule here, by section, instead of a test in each check.
import { podmanComponent } from "../snapshot/notions.js";
import type { Snapshot } from "../snapshot/types.js";
import type { CheckMeta, EngineKind } from "./types.js";

export interface EngineIdentity {
  kind: EngineKind;
  /** "Podman Engine 4.3.1", "Docker Engine 28.5.2"; undefined when /version could not be read. */
  name?: string;
}

/** The engine behind the endpoint, from GET /version's components (Docker when /version says nothing else). */
export function engineOf(snapshot: Snapshot): EngineIdentity {
  const v = snapshot.engine.version;
  if (!v.ok) return { kind: "docker" };
  const podman = podmanComponent(v.value);
  if (podman) return { kind: "podman", name: `Podman Engine ${podman.Version ?? v.value.Version ?? ""}`.trim() };
  return { kind: "docker", name: v.value.Version ? `Docker Engine ${v.value.Version}` : undefined };
}

/** Sections about dockerd itself: its host files and audit rules, its configuration, its files, Swarm mode. */
const DOCKERD_SECTIONS: Record<string, string> = {
  host: "dockerd's binaries, files and their audit rules",
  daemon: "dockerd's own configuration",
  "daemon-files": "dockerd's configuration files",
  swarm: "Swarm mode",
};

/** The engines a check's data can come from: its own `engines`, else by section. */
export function checkEngines(check: Pick<CheckMeta, "engines" | "section">): readonly EngineKind[] {
  return check.engines ?? (check.section in DOCKERD_SECTIONS ? ["docker"] : ["docker", "podman"]);
}

/** Why this check is not judged on this engine, or undefined when it is. */
export function notApplicable(check: Pick<CheckMeta, "engines" | "section">, snapshot: Snapshot): string | undefined {
  const engine = engineOf(snapshot);
  if (checkEngines(check).includes(engine.kind)) return undefined;
  if (engine.kind === "docker") return `not applicable on Docker (${engine.name ?? "Docker Engine"}): this check is about Podman's own configuration`;
  const what = DOCKERD_SECTIONS[check.section] ?? "dockerd";
  return `not applicable on Podman (${engine.name ?? "Podman Engine"}): this check is about ${what}, which Podman does not have`;
}
