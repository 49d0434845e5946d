import { defineCheck } from "../../src/check-api.js";
import { modeCheck } from "./lib.js";

export default defineCheck({
  key: "files-etc-default-docker-perms",
  cis: { "1.6.0": "3.20", "1.8.0": "3.20" },
  title: "/etc/default/docker has mode 644 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "A writable /etc/default/docker lets other users add daemon options or environment, such as a proxy that sees registry credentials.",
  remediation: "chmod 644 (or stricter) /etc/default/docker.",
  needs: ["host.files:etc-default-docker"],
  evaluate: modeCheck("etc-default-docker", "/etc/default/docker", 0o644),
});
