import { daemonSetting, defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { asBool, settingEvidence } from "./lib.js";

export default defineCheck({
  key: "daemon-userland-proxy-disabled",
  cis: { "1.6.0": "2.16", "1.8.0": "2.17" },
  title: "The userland proxy is disabled",
  section: "daemon", level: 1, automated: true, severity: "low",
  rationale:
    "For every published port the daemon can start a docker-proxy process that forwards traffic in user space. Where the kernel's hairpin NAT does the job, these extra listening processes only add attack surface.",
  remediation: 'Set "userland-proxy": false in daemon.json (or --userland-proxy=false) and restart the daemon; check first that nothing relies on the proxy (e.g. reaching published ports via localhost on older kernels).',
  needs: ["daemon.effective"],
  evaluate: onDaemon((ctx) => {
    const s = daemonSetting(ctx, "userland-proxy");
    const evidence = settingEvidence("userland-proxy", s, "true");
    if (!s) return fail("userland-proxy is not set, so dockerd runs the proxy (the default is true)", evidence);
    const on = asBool(s.value);
    if (on === undefined) return error(`userland-proxy has a value dockerd does not accept as a boolean (${s.origin})`, evidence);
    return on
      ? fail(`the userland proxy is enabled (userland-proxy=true, ${s.origin})`, evidence)
      : pass(`the userland proxy is disabled (userland-proxy=false, ${s.origin})`, evidence);
  }),
});
