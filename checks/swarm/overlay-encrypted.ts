import { daemonSubject, defineCheck, type EvalContext, fail, finding, type Finding, info, type NetworkInspect, pass, type Verdict } from "../../src/check-api.js";
import { activeSwarm, isVerdict } from "./lib.js";

/** `nodes` is the swarm's node count when known (on a manager), null otherwise. */
function judge(n: NetworkInspect, nodes: number | null): Verdict {
  const opts = n.Options ?? {};
  const evidence = { Driver: n.Driver, Scope: n.Scope ?? null, Ingress: n.Ingress === true, encrypted: "encrypted" in opts ? opts["encrypted"] : null, nodes };
  // The overlay driver turns IPsec on when the option is present, whatever its value: `encrypted=false` encrypts.
  if ("encrypted" in opts) return pass("traffic between nodes is encrypted (IPsec)", evidence);
  if (!n.Ingress) return fail("not encrypted: container traffic between nodes crosses the network in clear", evidence);
  if (nodes === 1) {
    return info("the routing-mesh ingress network is not encrypted, but this single-node swarm sends nothing between nodes; recreate it encrypted before adding nodes", evidence);
  }
  return fail("the routing-mesh ingress network is not encrypted: traffic to published service ports crosses between nodes in clear; recreate it with --opt encrypted", evidence);
}

export default defineCheck({
  key: "swarm-overlay-encrypted",
  cis: { "1.6.0": "7.3", "1.8.0": "7.3" },
  title: "Data exchanged between containers on different nodes is encrypted on overlay networks",
  section: "swarm", level: 1, automated: true, severity: "medium",
  rationale:
    "Overlay networks carry container traffic between hosts in VXLAN packets that are not encrypted by default, so anyone on the path between nodes can read or alter it. The encrypted option protects it with IPsec between the nodes.",
  remediation:
    "Create overlay networks with `docker network create -d overlay --opt encrypted NAME` (or `driver_opts: {encrypted: \"\"}` in a stack file). For the default ingress network: `docker network rm ingress`, then `docker network create -d overlay --ingress --opt encrypted ingress` (no service may publish ports while you do this).",
  references: ["https://docs.docker.com/engine/swarm/networking/#customize-ingress"],
  needs: ["engine.info", "engine.networks"],
  // CIS asks for every overlay network, and Docker's own documentation says the ingress network carries routing-mesh
  // traffic unencrypted until it is recreated with --opt encrypted; so ingress is judged like any overlay. Only on a
  // single-node swarm, where nothing crosses between nodes, is it reported as info instead of failing every fresh
  // swarm (the noise of Q27). A worker is in a swarm of at least two nodes by definition.
  evaluate: (ctx: EvalContext): Finding[] => {
    const s = activeSwarm(ctx);
    if (isVerdict(s)) return [finding(daemonSubject(ctx), s)];
    const overlays = ctx.networks.filter((n) => n.Driver === "overlay");
    if (overlays.length === 0) return [finding(daemonSubject(ctx), pass("no overlay network exists"))];
    const nodes = s.role === "manager" && typeof s.swarm.Nodes === "number" ? s.swarm.Nodes : null;
    return overlays.map((n) => finding({ kind: "network", name: n.Name, id: n.Id }, judge(n, nodes)));
  },
});
