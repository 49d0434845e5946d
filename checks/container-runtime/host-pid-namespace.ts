import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

export default defineCheck({
  key: "container-host-pid-namespace",
  cis: { "1.6.0": "5.16", "1.8.0": "5.16" },
  title: "The host's process namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "A container in the host's PID namespace sees every process on the host and, running as root, can signal or trace them; it also learns command lines and environment of host processes.",
  remediation: "Start the container without --pid=host (or pid: host in Compose).",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.PidMode === "host"
      ? fail("shares the host's PID namespace (--pid=host)", { PidMode: c.HostConfig.PidMode })
      : pass("has its own PID namespace", { PidMode: c.HostConfig.PidMode || "private" })),
});
