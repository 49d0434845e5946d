import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUseEvidence } from "./lib.js";

export default defineCheck({
  key: "image-trusted-base-images",
  cis: { "1.6.0": "4.2", "1.8.0": "4.2" },
  title: "Containers use only trusted base images",
  section: "images", level: 1, automated: false, severity: "high",
  rationale:
    "An image from an unknown publisher can carry malware, backdoors or abandoned, vulnerable software. Everything a container runs comes from its image and the images it was built on, so their origin must be trusted.",
  remediation:
    "Build on official or verified-publisher images, or on images from your own registry; pull them by digest over TLS and keep an approved list of sources.",
  needs: [],
  evaluate: onDaemon((ctx) =>
    manual("review where each image in use and its base image come from; whether a publisher is trusted is a decision dockaudit cannot make", imagesInUseEvidence(ctx))),
});
