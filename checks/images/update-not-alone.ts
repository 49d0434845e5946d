import { defineCheck, error, fail, info, pass } from "../../src/check-api.js";
import { baseImage, describeInstruction, historyOf, instructions, perImageInUse } from "./lib.js";
import { updatesAlone } from "./package-commands.js";

export default defineCheck({
  key: "image-update-not-alone",
  cis: { "1.6.0": "4.7", "1.8.0": "4.7" },
  title: "Package update instructions are not used alone",
  section: "images", level: 1, automated: true, scored: false, severity: "medium",
  rationale:
    "A RUN that only refreshes the package index (or upgrades) is cached as its own layer. Later builds reuse that stale layer, so an install in a following instruction can pick outdated package versions and miss security fixes.",
  remediation:
    "Refresh and install in the same RUN instruction, with pinned versions, e.g. `RUN apt-get update && apt-get install -y --no-install-recommends pkg=1.2.3 && rm -rf /var/lib/apt/lists/*`; or build with --no-cache.",
  needs: ["engine.containers", "engine.images", "engine.imageHistory"],
  // Judged per RUN instruction and per command in it, so `apt-get update && apt-get install` passes while the
  // word "update" elsewhere does not count (Q21). CIS labels this Manual, hence not scored. Instructions of a
  // base image dockaudit can identify locally are reported as info: this image's Dockerfile does not control them.
  evaluate: perImageInUse((img, ctx) => {
    const h = historyOf(ctx, img.Id);
    if ("error" in h) return error(`could not decide: ${h.error}`);
    const base = baseImage(ctx, img, h.entries);
    const alone = instructions(h.entries)
      .filter((i) => i.keyword === "RUN")
      .map((i) => ({ i, updates: updatesAlone(i.args) }))
      .filter((x) => x.updates.length > 0);
    const own = alone.filter((x) => !base || x.i.index < base.fromIndex);
    const inBase = alone.filter((x) => base && x.i.index >= base.fromIndex);
    const evidence = {
      updatesAlone: own.map((x) => describeInstruction(x.i)),
      ...(base ? { baseImage: base.name, updatesAloneInBase: inBase.map((x) => describeInstruction(x.i)) } : {}),
    };
    if (own.length > 0) {
      const cmds = [...new Set(own.flatMap((x) => x.updates))].join(", ");
      return fail(`${own.length} RUN instruction(s) update packages (${cmds}) without installing in the same instruction`, evidence);
    }
    if (base && inBase.length > 0) {
      return info(`only the base image ${base.name} has update instructions alone (${inBase.length}); this image's own instructions are fine`, evidence);
    }
    return pass("no RUN instruction updates packages without installing in the same instruction", evidence);
  }),
});
