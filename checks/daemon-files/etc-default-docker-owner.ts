import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-default-docker-owner",
  cis: { "1.6.0": "3.19", "1.8.0": "3.19" },
  title: "/etc/default/docker is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "On Debian-style systems /etc/default/docker can feed options and environment to the daemon at start. Its owner controls them.",
  remediation: "chown root:root /etc/default/docker.",
  needs: ["host.files:etc-default-docker"],
  evaluate: rootOwnedCheck("etc-default-docker", "/etc/default/docker"),
});
