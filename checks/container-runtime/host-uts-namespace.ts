import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-host-uts-namespace",
  cis: { "1.6.0": "5.21", "1.8.0": "5.21" },
  title: "The host's UTS namespace is not shared",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "The UTS namespace holds the host name and NIS domain name. A container sharing the host's can rename the host, which confuses logging, monitoring and anything that trusts the host name.",
  remediation: "Start the container without --uts=host (uts: host in Compose).",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.UTSMode === "host"
      ? fail("shares the host's UTS namespace (--uts=host)", { UTSMode: "host" })
      : pass("has its own UTS namespace", { UTSMode: c.HostConfig.UTSMode || "private" })),
});
