import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-cgroup-parent",
  cis: { "1.6.0": "5.25", "1.8.0": "5.25" },
  title: "Cgroup usage is confirmed (no unexpected cgroup parent)",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "Docker places each container in its own cgroup under the daemon's parent, where the daemon's resource controls apply. A container started under another cgroup parent escapes those controls unless that parent was set up on purpose.",
  remediation:
    "Start containers without --cgroup-parent unless there is a reason; where there is one (e.g. an orchestrator's slice), confirm it and record that with a waiver.",
  needs: ["engine.containers"],
  // CIS scores this: a non-default parent fails until confirmed, and the confirmation is a waiver.
  evaluate: perContainer((c) => {
    const parent = c.HostConfig.CgroupParent ?? "";
    return parent === ""
      ? pass("runs under the daemon's default cgroup parent", { CgroupParent: "" })
      : fail(`runs under the cgroup parent "${parent}"; confirm it is intended`, { CgroupParent: parent });
  }),
});
