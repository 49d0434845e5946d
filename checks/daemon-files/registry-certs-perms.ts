import { defineCheck } from "../../src/check-api.js";
import { judgeMode, perFile } from "./lib.js";

export default defineCheck({
  key: "files-registry-certs-perms",
  cis: { "1.6.0": "3.8", "1.8.0": "3.8" },
  title: "Registry certificate files under /etc/docker/certs.d have mode 444 or more restrictive",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "Certificates and keys under /etc/docker/certs.d decide which registries this host trusts and how it proves itself to them. Writable files let others redirect that trust; a readable client key lets them pose as this host.",
  remediation:
    "chmod 444 (or stricter) every certificate (*.crt, *.cert) below /etc/docker/certs.d, and chmod 400 every private key (*.key).",
  needs: ["host.files:registry-certs"],
  // Every file is judged, not only *.crt (peers miss client.cert and client.key). 444 lets anyone read, which is
  // harmless for a certificate but gives away a private key, so *.key files are held to 400 like the daemon's key.
  evaluate: perFile("registry-certs", { noun: "registry certificate files under /etc/docker/certs.d" }, (f) =>
    judgeMode(f, f.path.endsWith(".key") ? 0o400 : 0o444)),
});
