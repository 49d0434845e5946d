import { defineCheck, info, onDaemon } from "../../src/check-api.js";

export default defineCheck({
  key: "ops-image-sprawl",
  cis: { "1.6.0": "6.1", "1.8.0": "6.1" },
  title: "Image sprawl is avoided",
  section: "operations", level: 1, automated: false, severity: "low",
  rationale:
    "Images nobody runs still occupy disk, clutter inventories and keep old, vulnerable software one `docker run` away. Keeping only the images in use makes it clear what is deployed and what needs patching.",
  remediation:
    "Remove images that no container uses (`docker image prune -a` after checking the list), and keep a small set of tagged, current images per application.",
  needs: ["engine.images", "engine.containers"],
  // How many images are too many is a judgement call (CIS: Manual), so the figures are reported, not scored.
  // "In use" means used by any container on the host, running or stopped, whatever containers were selected.
  evaluate: onDaemon((ctx) => {
    const images = ctx.snapshot.engine.images.ok ? ctx.snapshot.engine.images.value : [];
    const containers = ctx.snapshot.engine.containers.ok ? ctx.snapshot.engine.containers.value : [];
    const used = new Set(containers.map((c) => c.Image));
    const ids = new Set(images.map((i) => i.Id));
    const inUse = [...ids].filter((id) => used.has(id)).length;
    const dangling = images.filter((i) => !(i.RepoTags ?? []).some((t) => t !== "<none>:<none>")).length;
    const evidence = { images: ids.size, inUse, unused: ids.size - inUse, dangling };
    const note = ids.size > 0 && inUse < ids.size / 2 ? `; fewer than half are in use (only ${inUse} of ${ids.size})` : "";
    return info(`${ids.size} image(s): ${inUse} in use by a container, ${ids.size - inUse} unused (${dangling} untagged)${note}`, evidence);
  }),
});
