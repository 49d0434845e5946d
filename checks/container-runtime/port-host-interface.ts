import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";
import { daemonDefaultBindIp, describePort, isAllInterfaces, publishedPorts } from "./lib.js";

export default defineCheck({
  key: "container-port-host-interface",
  cis: { "1.6.0": "5.14", "1.8.0": "5.14" },
  title: "Incoming container traffic is bound to a specific host interface",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "A port published without an address listens on every interface of the host, including public ones, so a service meant for an internal network or for localhost becomes reachable from everywhere.",
  remediation:
    'Publish with an explicit address: -p 127.0.0.1:8080:80 or -p 10.0.0.5:8080:80; or set the daemon-wide default with "ip": "ADDRESS" in daemon.json.',
  needs: ["engine.containers"],
  // All interfaces is 0.0.0.0 and, for IPv6, :: (a peer misses [::]). A configured binding without an address
  // uses the daemon's "ip" setting, which defaults to every interface.
  evaluate: perContainer((c, ctx) => {
    const { ports, from } = publishedPorts(c);
    const fallback = from === "HostConfig.PortBindings" ? daemonDefaultBindIp(ctx) : undefined;
    const open = ports.filter((p) => {
      if (from === "HostConfig.PortBindings" && p.hostIp === "") return fallback === undefined || isAllInterfaces(fallback);
      return isAllInterfaces(p.hostIp);
    });
    const evidence = { from, published: ports.map(describePort), ...(fallback !== undefined ? { daemonDefaultIp: fallback } : {}) };
    if (open.length > 0) return fail(`listens on all host interfaces: ${open.map(describePort).join(", ")}`, { ...evidence, allInterfaces: open.map(describePort) });
    if (c.HostConfig.PublishAllPorts && from === "HostConfig.PortBindings" && c.HostConfig.NetworkMode !== "host" && (fallback === undefined || isAllInterfaces(fallback))) {
      return fail("publishes every exposed port (-P), which will listen on all host interfaces", evidence);
    }
    return pass(ports.length ? `binds every published port to a specific address (${ports.length} bindings)` : "publishes no ports", evidence);
  }),
});
