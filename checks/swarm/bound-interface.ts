import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { activeSwarm, hostOf, isVerdict, swarmFact } from "./lib.js";

const ALL_INTERFACES = new Set(["", "0.0.0.0", "::", "*"]);

export default defineCheck({
  key: "swarm-bound-interface",
  cis: { "1.6.0": "7.2", "1.8.0": "7.2" },
  title: "Swarm services are bound to a specific host interface",
  section: "swarm", level: 1, automated: true, severity: "medium",
  rationale:
    "By default a swarm node listens for cluster management (port 2377) and gossip (7946) on every interface, including ones facing untrusted networks. Binding to the interface of the cluster network keeps these ports off the others.",
  remediation:
    "Set the listen address to the cluster network's interface: `docker swarm init --listen-addr 10.0.0.5:2377` (or `docker swarm join --listen-addr …`); on an existing node, leave and rejoin with the option.",
  needs: ["engine.info"],
  // The API never shows the listen address, so it is read from dockerd's saved swarm state; docker-bench-security
  // lists the auditor's own sockets, which in a container without --net host are never the host's (Q27).
  // The advertise address being specific says nothing: the default listen address is still 0.0.0.0:2377.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx);
    if (isVerdict(s)) return s;
    const st = swarmFact(ctx, "nodeState");
    if ("error" in st) return error(`could not decide: the swarm listen address is not in the Engine API and ${st.error}`);
    const listen = st.value.ListenAddr;
    if (!listen) return error(`could not decide: ${st.value.path} has no ListenAddr`);
    const evidence = { ListenAddr: listen, AdvertiseAddr: st.value.AdvertiseAddr ?? null, source: st.value.path };
    return ALL_INTERFACES.has(hostOf(listen))
      ? fail(`the swarm listens on every interface (${listen})`, evidence)
      : pass(`the swarm listens on ${listen} only`, evidence);
  }),
});
