// Shared reading for section 2: effective daemon settings (flags merged with daemon.json) with their origin, and
// the Engine API facts that show what the running daemon actually applies.
import { daemonSecurityOption, daemonSetting, type DockerInfo, type EvalContext, type Evidence, factValue, parseGoBool, type Witness } from "../../src/check-api.js";
export { engineMajor, seccompKernelAgainst } from "../shared.js";

export interface Setting {
  value: unknown;
  origin: string;
  /** The witness: flag, daemon.json or environment. */
  source?: Witness;
  /** Why a value from a daemon.json changed after dockerd started may not be in effect. */
  stale?: string;
}

/**
 * A setting a check reads besides the Engine API (for evidence or as a fallback), so the check does not list
 * daemon.effective in `needs` and still works against a daemon whose process and config are out of reach.
 */
export type SettingRead = { readable: true; setting?: Setting } | { readable: false; reason: string };

export function readSetting(ctx: EvalContext, key: string): SettingRead {
  const eff = ctx.snapshot.daemon.effective;
  if (!eff.ok) return { readable: false, reason: eff.error };
  return { readable: true, setting: daemonSetting(ctx, key) };
}

/** Evidence for one setting: its value and origin, or the default dockerd uses when it is not set. */
export function settingEvidence(key: string, s: Setting | undefined, dockerdDefault: string): Evidence {
  return { [key]: s ? { value: s.value, origin: s.origin } : { value: null, origin: `not set (dockerd default: ${dockerdDefault})` } };
}

export function readEvidence(key: string, r: SettingRead, dockerdDefault: string): Evidence {
  return r.readable ? settingEvidence(key, r.setting, dockerdDefault) : { [key]: { unreadable: r.reason } };
}

/** Go's strconv.ParseBool, which dockerd's flag parser uses; undefined for anything dockerd would reject. */
export const asBool = parseGoBool;

/** A list setting: a JSON array or a repeated flag; a lone string counts as one entry. */
export function asList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v === "" ? [] : [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.filter((x) => x !== "");
  return undefined;
}

export function engineInfo(ctx: EvalContext): DockerInfo {
  return factValue(ctx.snapshot.engine.info, "the Engine API's /info");
}

/** The daemon's SecurityOptions entry of this exact name (e.g. "seccomp" → {name, profile}), parsed in one place. */
export function securityOption(info: DockerInfo, name: string): Record<string, string> | undefined {
  return daemonSecurityOption(info.SecurityOptions, name);
}

/** Whether the daemon is a swarm node (manager or worker); a locked manager is one too. */
export function inSwarm(info: DockerInfo): boolean {
  const state = info.Swarm?.LocalNodeState;
  return state === "active" || state === "locked";
}

