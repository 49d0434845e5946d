import { defineCheck, manual, onDaemon, pass } from "../../src/check-api.js";
import { engineInfo, securityOption } from "./lib.js";

export default defineCheck({
  key: "daemon-non-root",
  cis: { "1.6.0": "2.1", "1.8.0": "2.1" },
  title: "The Docker daemon runs as a non-root user (rootless mode), if possible",
  section: "daemon", level: 1, automated: false, severity: "medium",
  rationale:
    "A root daemon turns every daemon or runtime escape into full control of the host. In rootless mode the daemon and its containers live in a user namespace owned by an ordinary user, so an escape lands as that user.",
  remediation:
    "Where the workload allows it (rootless mode lacks some features, e.g. AppArmor, overlay networks and privileged ports below 1024 without extra setup), install and run Docker in rootless mode (dockerd-rootless-setuptool.sh install) as a dedicated unprivileged user.",
  needs: ["engine.info"],
  // Podman answers GET /info too (newer releases with name=rootless in SecurityOptions when it runs rootless).
  engines: ["docker", "podman"],
  // The daemon says so itself (SecurityOptions name=rootless), which also works against a daemon whose process we
  // cannot see; the collector's process view is the second witness. CIS leaves the decision to a human, so a root
  // daemon is `manual`, not `fail`.
  evaluate: onDaemon((ctx) => {
    const info = engineInfo(ctx);
    const proc = ctx.snapshot.daemon.process;
    const evidence = {
      "SecurityOptions name=rootless": securityOption(info, "rootless") !== undefined,
      "process.rootless": proc.ok ? proc.value.rootless : { unreadable: proc.error },
    };
    // Podman: the kernel's word on its `podman system service` process decides (its /info has no name=rootless in
    // Podman 4.3.1's compatible API even when it runs rootless).
    const podman = ctx.snapshot.engine.podman;
    if (podman?.ok && podman.value.rootlessFrom !== undefined) {
      const podmanEvidence = { ...evidence, podmanRootless: podman.value.rootless, from: podman.value.rootlessFrom, ...(podman.value.service ? { service: podman.value.service } : {}) };
      if (podman.value.rootless) return pass(`the Podman service runs rootless (${podman.value.rootlessFrom})`, podmanEvidence);
      if (podman.value.service?.uid === 0) return manual(`the Podman service runs as root (${podman.value.rootlessFrom}); decide whether rootless Podman is feasible for this host's workloads`, podmanEvidence);
    }
    if (securityOption(info, "rootless") || (proc.ok && proc.value.rootless)) {
      const kit = proc.ok ? proc.value.rootlessKit : undefined;
      const net = kit?.networkProcess ? `, network by ${kit.networkProcess.name} pid ${kit.networkProcess.pid}` : kit?.net ? `, network ${kit.net}` : "";
      const under = kit ? `; under rootlesskit pid ${kit.pid}${net}` : "";
      return pass(`the daemon runs rootless (as an unprivileged user in a user namespace${under})`, kit ? { ...evidence, rootlessKit: kit } : evidence);
    }
    return manual(
      "the daemon runs as root; decide whether rootless mode is feasible for this host's workloads",
      evidence,
    );
  }),
});
