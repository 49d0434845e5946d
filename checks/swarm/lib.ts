// Shared state for section 7: whether this node is in an active swarm and as what, so every check skips or
// errors for the same reasons. Workers cannot see the cluster's configuration, nodes or secrets: checks that need
// them skip on a worker instead of failing there (docker-bench-security warns on workers, Q27).
import { type DockerInfo, error, type EvalContext, type Fact, resolveNeed, skip, type SwarmFacts, type SwarmNeed, type SwarmNodeState, type Verdict } from "../../src/check-api.js";

export type SwarmInfo = NonNullable<DockerInfo["Swarm"]>;

export interface ActiveSwarm {
  swarm: SwarmInfo;
  role: "manager" | "worker";
}

/**
 * The active swarm this node belongs to, or the verdict every swarm check gives instead. `what`, when given,
 * names what only a manager can show; a worker then gets `skip`.
 */
export function activeSwarm(ctx: EvalContext, managerOnly?: string): ActiveSwarm | Verdict {
  const info = ctx.snapshot.engine.info;
  if (!info.ok) return error(`could not decide: engine.info could not be read: ${info.error}`);
  const swarm = info.value.Swarm;
  const state = swarm?.LocalNodeState ?? "";
  if (!swarm || state === "") return error("could not decide: the daemon's info has no swarm state");
  if (state === "inactive") return skip("swarm mode is not active");
  if (state === "locked") {
    return error("could not decide: this manager is locked (auto-lock is on and it has not been unlocked since dockerd started), so the swarm's configuration cannot be read; unlock it with `docker swarm unlock`");
  }
  if (state !== "active") {
    const reason = (swarm as { Error?: unknown }).Error;
    return error(`could not decide: the swarm is "${state}", not active${typeof reason === "string" && reason ? `: ${reason}` : ""}`);
  }
  const role = swarm.ControlAvailable ? "manager" : "worker";
  if (role === "worker" && managerOnly) {
    return skip(`this node is a swarm worker; ${managerOnly} can only be read on a manager, so run dockaudit on a manager node`);
  }
  return { swarm, role };
}

export function isVerdict(x: ActiveSwarm | Verdict): x is Verdict {
  return "status" in x;
}

/** A sub-fact of engine.swarm, or the reason it is missing, resolved as the engine resolves `engine.swarm.<key>`. */
export function swarmFact<K extends SwarmNeed>(
  ctx: EvalContext, key: K,
): { value: NonNullable<SwarmFacts[K]> extends Fact<infer T> ? T : never } | { error: string } {
  const r = resolveNeed(ctx.snapshot, `engine.swarm.${key}`);
  return r.ok ? { value: r.value as never } : { error: r.reason };
}

/** The host part of "host:port", "[v6]:port" or a bare v6 address with a port. */
export function hostOf(addr: string): string {
  const a = addr.trim();
  if (a.startsWith("[")) return a.slice(1, a.indexOf("]") < 0 ? undefined : a.indexOf("]"));
  const colon = a.lastIndexOf(":");
  if (colon < 0) return a;
  const host = a.slice(0, colon);
  return /^\d+$/.test(a.slice(colon + 1)) ? host : a;
}

export type NodeState = SwarmNodeState;

export interface SwarmNode {
  ID?: string;
  Hostname?: string;
  Role?: string;
  State?: string;
  Leader?: boolean;
  Reachability?: string;
}

/** The collector keeps only a few fields of each node (see reduceNode); read them defensively. */
export function asNodes(list: unknown[]): SwarmNode[] {
  return list.filter((n): n is Record<string, unknown> => typeof n === "object" && n !== null).map((n) => ({
    ID: typeof n["ID"] === "string" ? n["ID"] : undefined,
    Hostname: typeof n["Hostname"] === "string" ? n["Hostname"] : undefined,
    Role: typeof n["Role"] === "string" ? n["Role"] : typeof (n["Spec"] as Record<string, unknown> | undefined)?.["Role"] === "string" ? String((n["Spec"] as Record<string, unknown>)["Role"]) : undefined,
    State: typeof n["State"] === "string" ? n["State"] : undefined,
    Leader: n["Leader"] === true,
    Reachability: typeof n["Reachability"] === "string" ? n["Reachability"] : undefined,
  }));
}

/** 90 days, swarmkit's default node certificate lifetime. */
export const DEFAULT_NODE_CERT_EXPIRY_NS = 90 * 24 * 3600 * 1e9;

export function days(ns: number): number {
  return Math.round((ns / (24 * 3600 * 1e9)) * 100) / 100;
}
