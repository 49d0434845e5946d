import { defineCheck, manual, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-ulimit-override",
  cis: { "1.6.0": "5.19", "1.8.0": "5.19" },
  title: "The default ulimits are overridden only when needed",
  section: "container-runtime", level: 1, automated: false, scored: false, severity: "low",
  rationale:
    "The daemon's default ulimits cap open files and processes for every container. A container that overrides them may raise those caps; whether that is needed depends on the workload.",
  remediation: "Remove --ulimit options the workload does not need and rely on the daemon's default-ulimits.",
  needs: ["engine.containers"],
  // Following CIS: no override is the compliant state (a peer reports the opposite).
  evaluate: perContainer((c) => {
    const ulimits = (c.HostConfig.Ulimits ?? []).map((u) => `${u.Name}=${u.Soft}:${u.Hard}`);
    if (ulimits.length === 0) return pass("uses the daemon's default ulimits", { Ulimits: [] });
    return manual(`overrides ulimits ${ulimits.join(", ")}; confirm they are needed`, { Ulimits: ulimits });
  }),
});
