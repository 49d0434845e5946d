import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

const SHARED = new Set(["shared", "rshared"]);

export default defineCheck({
  key: "container-mount-propagation",
  cis: { "1.6.0": "5.20", "1.8.0": "5.20" },
  title: "Mount propagation is not set to shared",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "With shared propagation, mounts made inside the container appear on the host and the other way round, so a container can place mounts into the host's view of the filesystem.",
  remediation: "Bind-mount with the default private propagation (or slave/rslave where mounts from the host must be seen); do not use :shared or :rshared.",
  needs: ["engine.containers"],
  // Every mount is looked at, and rshared counts as well as shared (a peer compares the joined string to "shared").
  evaluate: perContainer((c) => {
    const shared = (c.Mounts ?? []).filter((m) => SHARED.has(m.Propagation ?? ""));
    if (shared.length === 0) return pass("has no mount with shared propagation", { mounts: (c.Mounts ?? []).length });
    const list = shared.map((m) => ({ Source: m.Source, Destination: m.Destination, Propagation: m.Propagation }));
    return fail(`has shared mount propagation on ${shared.map((m) => `${m.Destination} (${m.Propagation})`).join(", ")}`, { sharedMounts: list });
  }),
});
