import { defineCheck, perContainer } from "../../src/check-api.js";
import { sharedNamespaceVerdict } from "./lib.js";

export default defineCheck({
  key: "container-host-pid-namespace",
  cis: { "1.6.0": "5.16", "1.8.0": "5.16" },
  title: "The host's process namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "A container in the host's PID namespace sees every process on the host and, running as root, can signal or trace them; it also learns command lines and environment of host processes.",
  remediation: "Start the container without --pid=host (or pid: host in Compose).",
  needs: ["engine.containers"],
  // The mode is followed through container: chains (--pid=container:X where X uses --pid=host), and the kernel's
  // /proc/PID/ns/pid of the init decides where it is read.
  evaluate: perContainer((c, ctx) => sharedNamespaceVerdict(c, ctx, "pid", { what: "PID", flag: "pid", notShared: () => "has its own PID namespace" })),
});
