import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-host-user-namespace",
  cis: { "1.6.0": "5.31", "1.8.0": "5.31" },
  title: "The host's user namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "high",
  rationale:
    "When the daemon remaps users, root in a container is an unprivileged user on the host. --userns=host opts a container out of that remapping, so its root is the host's root again.",
  remediation: "Start the container without --userns=host (userns_mode: host in Compose). Whether the daemon remaps users at all is the daemon's user-namespace check.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.UsernsMode === "host"
      ? fail("shares the host's user namespace (--userns=host)", { UsernsMode: c.HostConfig.UsernsMode })
      : pass("does not opt out of user-namespace remapping (--userns=host not set)", { UsernsMode: c.HostConfig.UsernsMode || "" })),
});
