import { defineCheck, error, fail, pass, perContainer } from "../../src/check-api.js";
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
  // uses the daemon's "ip" setting, which defaults to every interface; when the daemon's configuration could not
  // be read that address is unknown, so such a binding cannot be judged (error), while an explicit wildcard fails.
  evaluate: perContainer((c, ctx) => {
    const { ports, from } = publishedPorts(c);
    const configured = from === "HostConfig.PortBindings";
    const fallback = configured ? daemonDefaultBindIp(ctx) : undefined;
    const unaddressed = (p: { hostIp: string }) => configured && p.hostIp === "";
    const open = ports.filter((p) => (unaddressed(p) ? fallback !== undefined && isAllInterfaces(fallback) : isAllInterfaces(p.hostIp)));
    const unknown = fallback === undefined ? ports.filter(unaddressed) : [];
    const evidence = { from, published: ports.map(describePort), ...(fallback !== undefined ? { daemonDefaultIp: fallback } : {}) };
    if (open.length > 0) return fail(`listens on all host interfaces: ${open.map(describePort).join(", ")}`, { ...evidence, allInterfaces: open.map(describePort) });
    const publishAll = c.HostConfig.PublishAllPorts === true && configured && c.HostConfig.NetworkMode !== "host";
    const why = configured && fallback === undefined && !ctx.snapshot.daemon.effective.ok ? ctx.snapshot.daemon.effective.error : "";
    if (unknown.length > 0 || (publishAll && fallback === undefined)) {
      const what = unknown.length > 0 ? `bindings without an address (${unknown.map(describePort).join(", ")})` : "every exposed port (-P)";
      return error(`could not decide: ${what} use the daemon's default address ("ip"), and the daemon's configuration could not be read: ${why}`, evidence);
    }
    if (publishAll && fallback !== undefined && isAllInterfaces(fallback)) {
      return fail("publishes every exposed port (-P), which will listen on all host interfaces", evidence);
    }
    return pass(ports.length ? `binds every published port to a specific address (${ports.length} bindings)` : "publishes no ports", evidence);
  }),
});
