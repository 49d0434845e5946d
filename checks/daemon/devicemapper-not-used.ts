import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { engineInfo } from "./lib.js";

export default defineCheck({
  key: "daemon-devicemapper-not-used",
  // New in v1.8.0, which inserted it as 2.7 and shifted the rest of section 2 by one.
  cis: { "1.8.0": "2.7" },
  title: "The devicemapper storage driver is not used",
  section: "daemon", level: 1, automated: true, severity: "low",
  rationale:
    "devicemapper is deprecated in favour of overlay2 and was removed in Docker Engine 25.0; an engine still on it is an old one, and its default loop-lvm mode is slow and fragile.",
  remediation: 'Move to overlay2: set "storage-driver": "overlay2" in daemon.json (or drop --storage-driver=devicemapper) and remove dm.* storage options, then restart; images and containers must be pulled or recreated.',
  needs: ["engine.info"],
  evaluate: onDaemon((ctx) => {
    const driver = engineInfo(ctx).Driver;
    if (!driver) return error("the Engine API did not report the storage driver");
    return driver === "devicemapper"
      ? fail("the daemon uses the devicemapper storage driver (removed in Engine 25.0)", { Driver: driver })
      : pass(`the daemon uses the ${driver} storage driver, not devicemapper`, { Driver: driver });
  }),
});
