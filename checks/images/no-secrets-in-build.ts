import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUseEvidence } from "./lib.js";

export default defineCheck({
  key: "image-no-secrets-in-build",
  cis: { "1.6.0": "4.10", "1.8.0": "4.10" },
  title: "Secrets are not stored in Dockerfiles",
  section: "images", level: 1, automated: false, severity: "high",
  rationale:
    "Anything written in a Dockerfile or passed as a build argument ends up in the image's layers or history, where anyone who can pull the image can read it, long after the secret was meant to be gone.",
  remediation:
    "Pass build-time credentials as BuildKit secrets (`RUN --mount=type=secret,id=…`) and runtime credentials as Docker secrets or mounted files, never as ENV, ARG or files copied into the image.",
  needs: [],
  // dockaudit never stores history values it considers secret, so it cannot show them; its own check
  // da-env-secrets reports credential-like environment variables of running containers.
  evaluate: onDaemon((ctx) =>
    manual("review the Dockerfiles and full build history (docker history --no-trunc) of each image in use for credentials; see also da-env-secrets for secrets in container environments", imagesInUseEvidence(ctx))),
});
