import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-data-root",
  cis: { "1.6.0": "1.1.5", "1.8.0": "1.1.5" },
  title: "Auditing is configured for the daemon's data-root (/var/lib/docker)",
  section: "host", level: 1, automated: true, severity: "medium",
  rationale:
    "The data-root holds images, container filesystems, volumes and the daemon's state. Unexpected changes there are a sign of tampering and should be recorded.",
  remediation:
    "Watch the daemon's data-root (docker info -f '{{.DockerRootDir}}', /var/lib/docker by default), e.g. -a always,exit -F dir=/var/lib/docker -F perm=wa -k docker, in /etc/audit/rules.d/; exclude busy subdirectories such as overlay2 and volumes with -a never,exit rules placed before it if the volume of events is too high.",
  needs: ["host.auditRules", "host.files:data-root"],
  // The data-root the daemon reports (DockerRootDir, including a userns-remapped subdirectory), which a watch on a
  // parent directory covers.
  evaluate: auditCheck("data-root", "Docker data-root"),
});
