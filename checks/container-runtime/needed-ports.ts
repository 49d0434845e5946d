import { defineCheck, manual, pass, perContainer } from "../../src/check-api.js";
import { describePort, publishedPorts } from "./lib.js";

export default defineCheck({
  key: "container-needed-ports",
  cis: { "1.6.0": "5.9", "1.8.0": "5.9" },
  title: "Only needed ports are open on the container",
  section: "container-runtime", level: 1, automated: false, scored: false, severity: "low",
  rationale:
    "Every published port is reachable from outside the host. Whether a port is needed depends on the application, so the list is shown for someone who knows it to confirm.",
  remediation: "Publish only the ports the service must offer (-p HOST:CONTAINER for each); avoid -P, which publishes every port the image exposes.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) => {
    const { ports, from } = publishedPorts(c);
    const all = c.HostConfig.PublishAllPorts === true;
    const evidence = { from, published: ports.map(describePort), PublishAllPorts: all };
    if (ports.length === 0 && !all) return pass("publishes no ports", evidence);
    const list = ports.length ? ports.map(describePort).join(", ") : "every exposed port (-P)";
    return manual(`publishes ${list}; confirm each is needed`, evidence);
  }),
});
