// This node's swarm addresses. The Engine API shows the advertise address but never the listen address (CIS 7.2)
// or the data path address (7.9); dockerd keeps all three in <DockerRootDir>/swarm/docker-state.json. Only those
// three fields are taken from the file.
import type { DockerInfo, Fact, SwarmNodeState } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";

export async function collectSwarmNodeState(fs: HostFs, info: Fact<DockerInfo>): Promise<Fact<SwarmNodeState> | undefined> {
  if (!info.ok || info.value.Swarm?.LocalNodeState !== "active") return undefined;
  const root = info.value.DockerRootDir;
  if (!root) return errFact("docker info gives no DockerRootDir, so the swarm state file cannot be found", "GET /info");
  const path = `${root.replace(/\/+$/, "")}/swarm/docker-state.json`;
  const text = await fs.readText(path);
  if (!text.ok) return errFact(`${path} could not be read (${text.error.message})`, path);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text.value) as Record<string, unknown>;
  } catch {
    return errFact(`${path} is not valid JSON`, path);
  }
  const str = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : undefined);
  return okFact({ ListenAddr: str("ListenAddr"), AdvertiseAddr: str("AdvertiseAddr"), DataPathAddr: str("DataPathAddr"), path }, path);
}
