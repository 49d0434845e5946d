import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { engineInfo } from "./lib.js";

export default defineCheck({
  key: "daemon-aufs-not-used",
  cis: { "1.6.0": "2.6", "1.8.0": "2.6" },
  title: "The aufs storage driver is not used",
  section: "daemon", level: 1, automated: true, severity: "medium",
  rationale:
    "aufs is an out-of-tree filesystem that current kernels no longer ship and Docker has removed; it had known crashes and security problems and receives no fixes.",
  remediation: 'Move to overlay2: set "storage-driver": "overlay2" in daemon.json (or drop --storage-driver=aufs), then restart; images and containers stored under aufs must be pulled or recreated.',
  needs: ["engine.info"],
  evaluate: onDaemon((ctx) => {
    const driver = engineInfo(ctx).Driver;
    if (!driver) return error("the Engine API did not report the storage driver");
    return driver === "aufs"
      ? fail("the daemon uses the aufs storage driver", { Driver: driver })
      : pass(`the daemon uses the ${driver} storage driver, not aufs`, { Driver: driver });
  }),
});
