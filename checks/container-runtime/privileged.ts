import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-privileged",
  cis: { "1.6.0": "5.5", "1.8.0": "5.5" },
  title: "The container is not privileged",
  section: "container-runtime", level: 1, automated: true, severity: "critical",
  rationale:
    "A privileged container gets every capability, every host device, and no AppArmor, SELinux or seccomp confinement. Root inside it is, for practical purposes, root on the host.",
  remediation: "Run the container without --privileged (privileged: true in Compose); grant only the specific capabilities or devices it needs.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.Privileged === true
      ? fail("runs privileged (--privileged)", { Privileged: true })
      : pass("is not privileged", { Privileged: false })),
});
