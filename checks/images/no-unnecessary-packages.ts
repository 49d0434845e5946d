import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUseEvidence } from "./lib.js";

export default defineCheck({
  key: "image-no-unnecessary-packages",
  cis: { "1.6.0": "4.3", "1.8.0": "4.3" },
  title: "Unnecessary packages are not installed in images",
  section: "images", level: 1, automated: false, severity: "medium",
  rationale:
    "Every package in an image is code an attacker can use once inside, and a source of vulnerabilities to patch. Images that hold only what the application needs are smaller, quicker to patch and harder to abuse.",
  remediation:
    "Start from minimal bases (distroless, alpine, slim variants or scratch), install with --no-install-recommends, and use multi-stage builds so compilers and build tools stay out of the final image.",
  needs: [],
  evaluate: onDaemon((ctx) =>
    manual("review the package list of each image in use (e.g. from an SBOM produced by your scanner) against what the application needs", imagesInUseEvidence(ctx))),
});
