import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";
import { describePort, publishedPorts } from "./lib.js";

export default defineCheck({
  key: "container-privileged-ports",
  cis: { "1.6.0": "5.8", "1.8.0": "5.8" },
  title: "No privileged host port (below 1024) is mapped to the container",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "Ports below 1024 are where hosts run their trusted services (SSH, DNS, HTTP, mail). Docker can bind them for any container whatever its user, so a container may take over or impersonate a well-known service of the host.",
  remediation: "Publish the container on a host port of 1024 or above (-p 8080:80); put a reverse proxy in front where a well-known port is required.",
  needs: ["engine.containers"],
  // Privileged means 1..1023: 1024 is the first unprivileged port (a peer flags it). IPv6 bindings count too.
  evaluate: perContainer((c) => {
    const { ports, from } = publishedPorts(c);
    const low = ports.filter((p) => p.lowPort !== null && p.lowPort >= 1 && p.lowPort <= 1023);
    const evidence = { from, published: ports.map(describePort) };
    if (low.length > 0) return fail(`maps privileged host ports: ${low.map(describePort).join(", ")}`, { ...evidence, privileged: low.map(describePort) });
    return pass(ports.length ? `maps no host port below 1024 (${ports.length} bindings)` : "publishes no ports", evidence);
  }),
});
