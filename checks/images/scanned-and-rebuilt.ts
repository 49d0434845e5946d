import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUseEvidence } from "./lib.js";

export default defineCheck({
  key: "image-scanned-and-rebuilt",
  cis: { "1.6.0": "4.4", "1.8.0": "4.4" },
  title: "Images are scanned and rebuilt to include security patches",
  section: "images", level: 1, automated: false, severity: "high",
  rationale:
    "Images are frozen at build time; vulnerabilities published afterwards stay in them until they are rebuilt. Regular scanning finds them, and rebuilding on patched bases (then redeploying) removes them.",
  remediation:
    "Scan images in your pipeline and registry on a schedule, rebuild them on updated base images when fixes are published, and replace the running containers with the rebuilt images.",
  needs: [],
  // dockaudit cannot see scan results; its image-age check (X.5) reports images older than the configured age.
  evaluate: onDaemon((ctx) =>
    manual("check that each image in use is scanned regularly and was rebuilt after the latest fixes for its packages; see also the image age check (da-image-age)", imagesInUseEvidence(ctx))),
});
