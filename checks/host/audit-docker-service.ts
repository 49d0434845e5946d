import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-docker-service",
  cis: { "1.6.0": "1.1.7", "1.8.0": "1.1.7" },
  title: "Auditing is configured for the docker.service unit file and its drop-ins",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "The unit file and its drop-ins set the daemon's command line. Recording changes to them shows who altered how the daemon starts.",
  remediation:
    "Watch the unit file and drop-ins systemd reports (systemctl show -p FragmentPath,DropInPaths docker.service), e.g. -w /usr/lib/systemd/system/docker.service -p wa -k docker, in /etc/audit/rules.d/.",
  needs: ["host.auditRules", "host.files:docker-service"],
  // The unit file systemd actually loads, wherever it lives, and every drop-in.
  evaluate: auditCheck("docker-service", "docker.service unit file"),
});
