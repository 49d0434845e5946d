import { defineCheck, fail, manual, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-host-devices",
  cis: { "1.6.0": "5.18", "1.8.0": "5.18" },
  title: "Host devices are not directly exposed to the container",
  section: "container-runtime", level: 1, automated: false, scored: false, severity: "medium",
  rationale:
    "A host device passed into a container (a disk, /dev/mem, a USB or GPU node) can be read or written from inside it, bypassing the filesystem and namespace isolation. Some workloads need one; each should be a deliberate choice.",
  remediation: "Remove --device options the workload does not need, and grant the least access (--device=/dev/x:/dev/x:r rather than rwm).",
  needs: ["engine.containers"],
  // A person decides whether a listed device is needed; a privileged container, though, gets every host device.
  evaluate: perContainer((c) => {
    const devices = (c.HostConfig.Devices ?? []).map((d) => `${d.PathOnHost}:${d.PathInContainer}:${d.CgroupPermissions}`);
    const rules = c.HostConfig.DeviceCgroupRules ?? [];
    const evidence = { Devices: devices, DeviceCgroupRules: rules, Privileged: c.HostConfig.Privileged === true };
    if (c.HostConfig.Privileged) return fail("is privileged, so every host device is exposed to it", evidence);
    if (devices.length === 0 && rules.length === 0) return pass("has no host devices", evidence);
    const parts = [...(devices.length ? [`devices ${devices.join(", ")}`] : []), ...(rules.length ? [`device cgroup rules ${rules.join(", ")}`] : [])];
    return manual(`is given ${parts.join(" and ")}; confirm each is needed`, evidence);
  }),
});
