import { defineCheck, fail, manual, pass } from "../../src/check-api.js";
import { perImageInUse } from "../shared.js";

export const DEFAULT_MAX_IMAGE_AGE_DAYS = 90;
const DAY_MS = 86_400_000;
/** Reproducible builds set the creation time to the Unix epoch (or leave Go's zero time): no real build date. */
const NO_REAL_DATE = Date.UTC(1980, 0, 1);

function parseDate(s: unknown): number | undefined {
  if (typeof s !== "string" || s === "") return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export default defineCheck({
  key: "da-image-age",
  ownId: "X.5",
  title: "Images in use are rebuilt regularly",
  section: "dockaudit", level: 1, automated: true, severity: "medium",
  rationale:
    "An image's packages are frozen when it is built, and fixes published since are missing from it. An image that has not been rebuilt for months almost certainly carries known, patched vulnerabilities.",
  remediation:
    "Rebuild images on a schedule (and whenever their base image is updated), pulling fresh bases with `docker build --pull`, then redeploy the containers; raise --max-image-age only where an image is known to be current.",
  needs: ["engine.containers", "engine.images"],
  // Judged against the collection time, never the wall clock, so a saved snapshot gives the same verdict later.
  // Images built reproducibly carry the epoch as their date; then the OCI `created` label is used, or a person decides.
  evaluate: perImageInUse((img, ctx) => {
    const maxDays = ctx.options.maxImageAgeDays ?? DEFAULT_MAX_IMAGE_AGE_DAYS;
    let created = parseDate(img.Created), from = "Created";
    if (created === undefined || created < NO_REAL_DATE) {
      const label = parseDate(img.Config?.Labels?.["org.opencontainers.image.created"]);
      if (label === undefined || label < NO_REAL_DATE) {
        return manual(`the image records no build date (Created is ${img.Created ?? "absent"}, as reproducible builds leave it); check its age from its registry or build system`,
          { Created: img.Created ?? null, maxDays });
      }
      created = label; from = "label org.opencontainers.image.created";
    }
    const age = Math.floor((ctx.options.now.getTime() - created) / DAY_MS);
    const evidence = { created: new Date(created).toISOString(), from, ageDays: age, maxDays };
    return age > maxDays
      ? fail(`built ${age} days ago, more than the ${maxDays}-day limit`, evidence)
      : pass(`built ${Math.max(age, 0)} days ago (limit ${maxDays})`, evidence);
  }),
});
