import { defineCheck, perContainer } from "../../src/check-api.js";
import { sharedNamespaceVerdict } from "./lib.js";

export default defineCheck({
  key: "container-host-ipc-namespace",
  cis: { "1.6.0": "5.17", "1.8.0": "5.17" },
  title: "The host's IPC namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "The IPC namespace separates shared memory segments, semaphores and message queues. A container in the host's IPC namespace can read and tamper with the shared memory of host processes.",
  remediation: "Start the container without --ipc=host (ipc: host in Compose).",
  needs: ["engine.containers"],
  // The mode is followed through container: chains (--ipc=container:X where X uses --ipc=host).
  evaluate: perContainer((c, ctx) => sharedNamespaceVerdict(c, ctx, "ipc", { what: "IPC", flag: "ipc", notShared: (mode) => `does not share the host's IPC namespace (${mode})` })),
});
