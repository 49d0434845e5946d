import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { activeSwarm, hostOf, isVerdict, swarmFact } from "./lib.js";

export default defineCheck({
  key: "swarm-plane-separation",
  cis: { "1.6.0": "7.9", "1.8.0": "7.9" },
  title: "Management plane traffic is separated from data plane traffic",
  section: "swarm", level: 1, automated: false, severity: "low",
  rationale:
    "With management and container traffic on separate interfaces, each can be monitored and filtered on its own, and heavy application traffic cannot starve the cluster's control traffic.",
  remediation:
    "Give each node a dedicated interface for container traffic: `docker swarm init --advertise-addr MGMT_IP --data-path-addr DATA_IP` (or `docker swarm join --data-path-addr …`).",
  needs: ["engine.info"],
  // Separation needs two interfaces per node, which only a person can say the network has; the addresses this
  // node uses are shown when dockerd's saved swarm state was read.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx);
    if (isVerdict(s)) return s;
    const st = swarmFact(ctx, "nodeState");
    if ("error" in st) return manual(`confirm each node sends container traffic over an interface of its own (--data-path-addr); this node's addresses are unknown: ${st.error}`);
    const advertise = st.value.AdvertiseAddr ? hostOf(st.value.AdvertiseAddr) : (s.swarm as { NodeAddr?: string }).NodeAddr;
    const data = st.value.DataPathAddr ?? "";
    const evidence = { AdvertiseAddr: st.value.AdvertiseAddr ?? null, DataPathAddr: data || null, source: st.value.path };
    return data === "" || data === advertise
      ? manual("this node sends container traffic over its management address (no separate --data-path-addr); confirm whether your network should separate them", evidence)
      : manual(`this node separates container traffic (${data}) from management (${String(advertise)}); confirm every node does`, evidence);
  }),
});
