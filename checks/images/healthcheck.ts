import { defineCheck, fail, pass } from "../../src/check-api.js";
import { perImageInUse } from "./lib.js";

export default defineCheck({
  key: "image-healthcheck",
  cis: { "1.6.0": "4.6", "1.8.0": "4.6" },
  title: "Images in use define a HEALTHCHECK",
  section: "images", level: 1, automated: true, severity: "low",
  rationale:
    "Without a health check the engine only knows whether the main process exists, not whether it still serves. A HEALTHCHECK lets Docker and orchestrators notice a hung or broken container and replace it, which keeps the service available.",
  remediation:
    "Add a HEALTHCHECK instruction to the Dockerfile (e.g. `HEALTHCHECK CMD wget -q --spider http://localhost:8080/health || exit 1`) and rebuild the image.",
  needs: ["engine.containers", "engine.images"],
  // Only images that selected containers run: builder stages and base images nobody runs are not judged (Q21).
  // `HEALTHCHECK NONE` is stored as ["NONE"] and disables an inherited check.
  evaluate: perImageInUse((img) => {
    const test = img.Config?.Healthcheck?.Test ?? [];
    const evidence = { "Config.Healthcheck.Test": test.length ? test[0] : null };
    if (test.length === 0) return fail("defines no HEALTHCHECK", evidence);
    if (test[0] === "NONE") return fail("disables health checking (HEALTHCHECK NONE)", evidence);
    return pass(`defines a HEALTHCHECK (${test[0]})`, evidence);
  }),
});
