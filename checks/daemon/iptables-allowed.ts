import { daemonSetting, defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { asBool, settingEvidence } from "./lib.js";

export default defineCheck({
  key: "daemon-iptables-allowed",
  cis: { "1.6.0": "2.4", "1.8.0": "2.4" },
  title: "Docker is allowed to make changes to iptables",
  section: "daemon", level: 1, automated: true, severity: "medium",
  rationale:
    "Docker writes the firewall rules that isolate its networks and publish only the ports asked for. With iptables management off, those rules must be kept by hand and drift easily, leaving container ports open or networks unisolated.",
  remediation: 'Remove "iptables": false from daemon.json and any --iptables=false flag (the default is true), then restart the daemon.',
  needs: ["daemon.effective"],
  // Either source may turn it off; docker-bench under dash silently ignores the daemon.json key (Q3).
  evaluate: onDaemon((ctx) => {
    const s = daemonSetting(ctx, "iptables");
    const evidence = settingEvidence("iptables", s, "true");
    if (!s) return pass("iptables is not set, so Docker manages iptables (the default)", evidence);
    const on = asBool(s.value);
    if (on === undefined) return error(`iptables has a value dockerd does not accept as a boolean (${s.origin})`, evidence);
    return on
      ? pass(`Docker manages iptables (iptables=true, ${s.origin})`, evidence)
      : fail(`Docker may not change iptables (iptables=false, ${s.origin})`, evidence);
  }),
});
