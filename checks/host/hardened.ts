import { defineCheck, manual, onHost } from "../../src/check-api.js";

export default defineCheck({
  key: "host-hardened",
  cis: { "1.6.0": "1.2.1", "1.8.0": "1.2.1" },
  title: "The container host has been hardened",
  section: "host", level: 1, automated: false, severity: "medium",
  rationale:
    "Containers share the host's kernel. A weak host (unpatched kernel, needless services, open accounts) undoes every container-level control, so the host itself must follow a hardening baseline.",
  remediation:
    "Apply a hardening baseline for the host's operating system (for example the CIS benchmark for the distribution), keep the kernel patched, remove services the host does not need, and review it regularly.",
  needs: [],
  // Any container host, whatever engine it runs.
  engines: ["docker", "podman"],
  evaluate: onHost(() =>
    manual("host hardening cannot be judged from Docker's configuration: review the host against your OS hardening baseline")),
});
