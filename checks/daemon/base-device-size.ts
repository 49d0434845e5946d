import { daemonSetting, defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { asList, settingEvidence } from "./lib.js";

export default defineCheck({
  key: "daemon-base-device-size",
  cis: { "1.6.0": "2.11", "1.8.0": "2.12" },
  title: "The base device size is not changed until needed",
  section: "daemon", level: 2, automated: true, severity: "low",
  rationale:
    "With devicemapper, dm.basesize sets how large every container's filesystem may grow; raising it lets a single container fill the thin pool and deny space to all others.",
  remediation:
    'Remove dm.basesize from "storage-opts" in daemon.json and from --storage-opt until a workload needs more; better, move off devicemapper, which Engine 25.0 removed.',
  needs: ["daemon.effective"],
  evaluate: onDaemon((ctx) => {
    const s = daemonSetting(ctx, "storage-opts");
    const evidence = settingEvidence("storage-opts", s, "none");
    const opts = asList(s?.value);
    if (opts === undefined) return error(`storage-opts is not a list of options (${s?.origin})`, evidence);
    const basesize = opts.filter((o) => o.trim().toLowerCase().startsWith("dm.basesize"));
    return basesize.length > 0
      ? fail(`the base device size is changed (${basesize.join(", ")}${s ? `; ${s.origin}` : ""})`, evidence)
      : pass("dm.basesize is not set; devicemapper's default base device size applies (devicemapper was removed in Engine 25.0)", evidence);
  }),
});
