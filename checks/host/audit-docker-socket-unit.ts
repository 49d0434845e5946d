import { defineCheck } from "../../src/check-api.js";
import { auditCheck } from "./lib.js";

export default defineCheck({
  key: "host-audit-docker-socket-unit",
  cis: { "1.6.0": "1.1.9", "1.8.0": "1.1.9" },
  title: "Auditing is configured for the docker.socket unit file",
  section: "host", level: 2, automated: true, severity: "medium",
  rationale:
    "docker.socket decides where and with which permissions the Docker API socket is created; changes to it should be traceable.",
  remediation:
    "Watch the unit file systemd reports (systemctl show -p FragmentPath docker.socket), e.g. -w /usr/lib/systemd/system/docker.socket -p wa -k docker, in /etc/audit/rules.d/.",
  needs: ["host.auditRules", "host.files:docker-socket-unit"],
  evaluate: auditCheck("docker-socket-unit", "docker.socket unit file"),
});
