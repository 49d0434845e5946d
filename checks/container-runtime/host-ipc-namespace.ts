import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

export default defineCheck({
  key: "container-host-ipc-namespace",
  cis: { "1.6.0": "5.17", "1.8.0": "5.17" },
  title: "The host's IPC namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "The IPC namespace separates shared memory segments, semaphores and message queues. A container in the host's IPC namespace can read and tamper with the shared memory of host processes.",
  remediation: "Start the container without --ipc=host (ipc: host in Compose).",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.IpcMode === "host"
      ? fail("shares the host's IPC namespace (--ipc=host)", { IpcMode: "host" })
      : pass(`does not share the host's IPC namespace (${c.HostConfig.IpcMode || "private"})`, { IpcMode: c.HostConfig.IpcMode ?? null })),
});
