import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { imagesInUseEvidence } from "./lib.js";

export default defineCheck({
  key: "image-setuid-setgid-removed",
  cis: { "1.6.0": "4.8", "1.8.0": "4.8" },
  title: "setuid and setgid permissions are removed from images",
  section: "images", level: 2, automated: false, severity: "medium",
  rationale:
    "setuid and setgid executables run with their owner's privileges, usually root. Inside a container they are a ready path from an unprivileged user back to root.",
  remediation:
    "Remove the bits from files that do not need them while building, e.g. `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`, and run containers with --security-opt no-new-privileges.",
  needs: [],
  // Listing the files needs the image's filesystem, which dockaudit does not read (it never runs or execs into
  // containers), so the check names the images to review.
  evaluate: onDaemon((ctx) =>
    manual("list the setuid/setgid files of each image in use (e.g. `find / -xdev -perm /6000 -type f` in a throwaway container of the image) and remove the bits that are not needed", imagesInUseEvidence(ctx))),
});
