import { defineCheck } from "../../src/check-api.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-registry-certs-owner",
  cis: { "1.6.0": "3.7", "1.8.0": "3.7" },
  title: "Registry certificate files under /etc/docker/certs.d are owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "Docker trusts the CA certificates and uses the client certificates and keys it finds under /etc/docker/certs.d when talking to registries. Whoever owns them can redirect trust or impersonate this host to a registry.",
  remediation: "chown root:root every file below /etc/docker/certs.d (*.crt, *.cert and *.key).",
  needs: ["host.files:registry-certs"],
  // Every file is judged (CA *.crt, client *.cert and *.key), with uid and gid, not only *.crt by uid as peers do.
  evaluate: rootOwnedCheck("registry-certs", "registry certificate files under /etc/docker/certs.d"),
});
