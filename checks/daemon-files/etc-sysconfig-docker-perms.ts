import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-sysconfig-docker-perms",
  cis: { "1.6.0": "3.21", "1.8.0": "3.21" },
  title: "/etc/sysconfig/docker has mode 644 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "On Red Hat-style systems /etc/sysconfig/docker can pass options to the daemon. If others can write it they can change how the daemon starts.",
  remediation: "chmod 644 (or stricter) /etc/sysconfig/docker.",
  needs: ["host.files:etc-sysconfig-docker"],
  evaluate: modeCheck("etc-sysconfig-docker", "/etc/sysconfig/docker", 0o644),
});
