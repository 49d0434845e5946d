import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-read-only-rootfs",
  cis: { "1.6.0": "5.13", "1.8.0": "5.13" },
  title: "The container's root filesystem is mounted read-only",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "A read-only root filesystem stops an intruder from planting binaries or changing the application's files, and makes every place the container writes to an explicit, reviewable volume or tmpfs.",
  remediation: "Start the container with --read-only (read_only: true in Compose) and give it volumes or --tmpfs mounts for the paths it must write.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.ReadonlyRootfs === true
      ? pass("has a read-only root filesystem", { ReadonlyRootfs: true })
      : fail("has a writable root filesystem", { ReadonlyRootfs: false })),
});
