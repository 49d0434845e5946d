import { defineCheck, manual, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-latest-image",
  cis: { "1.6.0": "5.28", "1.8.0": "5.28" },
  title: "Docker commands use the latest version of their image",
  section: "container-runtime", level: 1, automated: false, scored: false, severity: "low",
  rationale:
    "A locally cached image can be older than the one in the registry, so a container may start from a version that lacks security fixes. Whether the image is the intended, current version needs the registry and the release process to judge.",
  remediation: "Pull images before starting containers (docker pull, or --pull=always), pin them by digest, and rebuild and redeploy when a base image is updated.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) => {
    const ref = c.Config.Image ?? c.Image;
    return manual(`runs image ${ref} (${c.Image.replace(/^sha256:/, "").slice(0, 12)}); confirm it is the current version`, { image: ref, imageId: c.Image });
  }),
});
