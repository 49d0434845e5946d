import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUse } from "./lib.js";

export default defineCheck({
  key: "image-signed-artifacts",
  cis: { "1.6.0": "4.12", "1.8.0": "4.12" },
  title: "All signed artifacts are validated",
  section: "images", level: 2, automated: false, severity: "medium",
  rationale:
    "A signature only protects against tampered or substituted images if someone checks it before the image is used. Validating signatures, and deploying by digest, ties what runs to what was built and approved.",
  remediation:
    "Sign images in your pipeline (e.g. Sigstore cosign or Notation) and verify the signatures before deployment, in CI or an admission policy; reference images by digest.",
  needs: [],
  // Signatures live in registries, not in the daemon. What the daemon does show is whether an image came from a
  // registry by digest; images with no digest were built or loaded locally and cannot have been verified on pull.
  evaluate: onDaemon((ctx) => {
    const images = imagesInUse(ctx).map((u) => ({
      image: u.image?.RepoTags?.find((t) => t !== "<none>:<none>") ?? u.id,
      containers: u.containers,
      repoDigests: (u.image?.RepoDigests ?? []).filter((d) => !d.startsWith("<none>")),
    }));
    const local = images.filter((i) => i.repoDigests.length === 0).map((i) => i.image);
    const note = local.length > 0 ? `; ${local.length} of them have no registry digest (built or loaded locally): ${local.join(", ")}` : "";
    return manual(`verify the signatures of the ${images.length} image(s) in use against your signing policy${note}`, { imagesInUse: images });
  }),
});
