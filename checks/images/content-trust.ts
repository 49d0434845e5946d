import { defineCheck, info, onDaemon } from "../../src/check-api.js";

export default defineCheck({
  key: "image-content-trust",
  cis: { "1.6.0": "4.5", "1.8.0": "4.5" },
  title: "Content trust for Docker is enabled",
  section: "images", level: 2, automated: false, scored: false, severity: "low",
  rationale:
    "Verifying image signatures on pull ties what runs to what its publisher signed, so a compromised registry or a man in the middle cannot substitute an image.",
  remediation:
    "Docker Content Trust (DOCKER_CONTENT_TRUST=1) has been retired by Docker. Sign images with a maintained tool such as Sigstore cosign or Notation and enforce verification in your pipeline or an admission policy.",
  references: ["https://www.docker.com/blog/retiring-docker-content-trust/"],
  needs: [],
  // CIS audits the DOCKER_CONTENT_TRUST variable of the shell running the docker CLI. Peers read their own
  // process environment, which says nothing about the users of the host; the daemon does not know or enforce it.
  evaluate: onDaemon(() =>
    info("not judged: Docker Content Trust is a docker CLI setting (the DOCKER_CONTENT_TRUST variable of each client session), which the daemon neither knows nor enforces, and Docker has retired Docker Content Trust; verify image signatures with a maintained tool instead (see remediation)")),
});
