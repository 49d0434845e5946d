import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-containerd-sock-perms",
  cis: { "1.6.0": "3.24", "1.8.0": "3.24" },
  title: "The containerd socket has mode 660 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "A containerd socket others can connect to lets them start privileged containers behind Docker's back.",
  remediation: "chmod 660 (or stricter) the containerd socket and keep it so in containerd's configuration.",
  needs: ["host.files:containerd-socket"],
  evaluate: modeCheck("containerd-socket", "containerd socket", 0o660),
});
