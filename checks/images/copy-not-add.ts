import { defineCheck, error, fail, info, pass } from "../../src/check-api.js";
import { baseImage, describeInstruction, historyOf, instructions, perImageInUse, rootFilesystemAdd } from "./lib.js";

export default defineCheck({
  key: "image-copy-not-add",
  cis: { "1.6.0": "4.9", "1.8.0": "4.9" },
  title: "COPY is used instead of ADD in Dockerfiles",
  section: "images", level: 1, automated: true, scored: false, severity: "low",
  rationale:
    "ADD also fetches URLs and unpacks archives into the image. Content fetched at build time can be swapped on the server, and a crafted archive can write where it should not; COPY only copies local files, so what enters the image is what is in the build context.",
  remediation:
    "Replace ADD with COPY. To fetch a file, download it in a RUN step and verify its checksum (or use `ADD --checksum=sha256:…` with BuildKit); to unpack an archive, COPY it and extract it explicitly.",
  needs: ["engine.containers", "engine.images", "engine.imageHistory"],
  // The keyword is read as a whole word from each instruction (`ADDRESS` or a RUN mentioning ADD never matches,
  // Q21). The base image's root filesystem (`ADD file:… in /`) is not judged: every distribution image starts
  // that way. CIS labels this Manual, hence not scored.
  evaluate: perImageInUse((img, ctx) => {
    const h = historyOf(ctx, img.Id);
    if ("error" in h) return error(`could not decide: ${h.error}`);
    const all = instructions(h.entries);
    const rootfs = rootFilesystemAdd(all);
    const base = baseImage(ctx, img, h.entries);
    const adds = all.filter((i) => i.keyword === "ADD" && i !== rootfs);
    const own = adds.filter((i) => !base || i.index < base.fromIndex);
    const inBase = adds.filter((i) => base && i.index >= base.fromIndex);
    const evidence = {
      add: own.map(describeInstruction),
      rootFilesystem: rootfs ? describeInstruction(rootfs) : null,
      ...(base ? { baseImage: base.name, addInBase: inBase.map(describeInstruction) } : {}),
    };
    if (own.length > 0) return fail(`${own.length} ADD instruction(s) where COPY would do`, evidence);
    if (base && inBase.length > 0) return info(`only the base image ${base.name} uses ADD (${inBase.length}); this image's own instructions use COPY`, evidence);
    return pass("no ADD instruction besides the base image's root filesystem", evidence);
  }),
});
