// Effective daemon settings with a mix of origins, as the collector merges flags and daemon.json.
import type { DaemonFacts, SettingOrigin } from "../../../src/snapshot/types.js";
import { okFact } from "../../support/fixtures.js";

export function mixed(flags: Record<string, unknown>, file: Record<string, unknown> = {}, flagNames: Record<string, string> = {}): DaemonFacts["effective"] {
  const out: Record<string, { value: unknown; origin: SettingOrigin }> = {};
  for (const [k, v] of Object.entries(file)) out[k] = { value: v, origin: { from: "config-file", name: k, where: "/etc/docker/daemon.json" } };
  for (const [k, v] of Object.entries(flags)) out[k] = { value: v, origin: { from: "flag", name: flagNames[k] ?? `--${k}`, where: "pid 100 argv" } };
  return okFact(out, "pid 100 argv + /etc/docker/daemon.json");
}
