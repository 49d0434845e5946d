import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-sysconfig-docker-owner",
  cis: { "1.6.0": "3.22", "1.8.0": "3.22" },
  title: "/etc/sysconfig/docker is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "Whoever owns /etc/sysconfig/docker decides part of the daemon's start-up options.",
  remediation: "chown root:root /etc/sysconfig/docker.",
  needs: ["host.files:etc-sysconfig-docker"],
  evaluate: rootOwnedCheck("etc-sysconfig-docker", "/etc/sysconfig/docker"),
});
