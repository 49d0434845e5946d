import check from "../../../checks/dockaudit/image-age.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, snapshot } from "../../support/fixtures.js";

const built = (Created: string, Labels: Record<string, string> = {}) =>
  snapshot({ containers: [container("web")], images: [image("web:1", { Created, Config: { Labels } })] });

checkTable(check, [
  { name: "an image built 14 days before collection passes", status: "pass", message: "built 14 days ago", snapshot: built("2026-01-01T00:00:00Z") },
  { name: "an image older than 90 days fails", status: "fail", message: "built 228 days ago, more than the 90-day limit",
    snapshot: built("2025-06-01T00:00:00Z") },
  { name: "the limit is configurable", status: "fail", message: "more than the 7-day limit", maxImageAgeDays: 7, snapshot: built("2026-01-01T00:00:00Z") },
  { name: "age is judged against the collection time, not today", status: "pass",
    snapshot: { ...built("2025-12-01T00:00:00Z"), startedAt: "2026-01-15T00:00:00Z" }, message: `built 45 days ago` },
  { name: "a reproducible build's epoch date uses the OCI created label", status: "fail", message: "228 days",
    snapshot: built("1970-01-01T00:00:00Z", { "org.opencontainers.image.created": "2025-06-01T00:00:00Z" }) },
  { name: "an epoch date with no label is for a person to judge", status: "manual", message: "no build date",
    snapshot: built("1970-01-01T00:00:01Z") },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot({ images: [image("web:1")] }) },
  { name: "images unreadable is an error", status: "error",
    snapshot: snapshot({ containers: [container("web")], engine: { images: errFact("EOF", "GET /images/json") } }) },
]);
