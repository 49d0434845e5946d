import { defineCheck, manual, onDaemon } from "../../src/check-api.js";
import { describeInstruction, historyOf, imagesInUse, instructions } from "./lib.js";

/** Options that make a package manager or downloader accept content it could not verify. */
const UNVERIFIED = /(?:^|\s)(?:--allow-unauthenticated|--allow-insecure-repositories|--force-yes|--nogpgcheck|--allow-untrusted|--nosignature|--no-check-certificate|--insecure|--trusted-host)(?=\s|=|$)|AllowUnauthenticated=(?:1|true|yes)|gpgcheck=0|\[trusted=yes\]/i;

export default defineCheck({
  key: "image-verified-packages",
  cis: { "1.6.0": "4.11", "1.8.0": "4.11" },
  title: "Only verified packages are installed",
  section: "images", level: 2, automated: false, severity: "medium",
  rationale:
    "Package managers check signatures so that a compromised mirror or a network attacker cannot slip in altered packages. Turning those checks off, or installing from unverified sources, lets unreviewed code into the image.",
  remediation:
    "Install packages only from repositories whose signing keys you trust, never with options that skip verification (--allow-unauthenticated, --nogpgcheck, --allow-untrusted, …), and verify checksums of anything downloaded.",
  needs: [],
  // Whether a package source is trustworthy is a human call, so this stays manual; the history of the images in
  // use is searched for options that disable verification, which a reviewer should look at first.
  evaluate: onDaemon((ctx) => {
    const suspicious: { image: string; instruction: string }[] = [];
    const unread: string[] = [];
    for (const u of imagesInUse(ctx)) {
      const name = u.image?.RepoTags?.find((t) => t !== "<none>:<none>") ?? u.id;
      const h = historyOf(ctx, u.id);
      if ("error" in h) { unread.push(name); continue; }
      for (const i of instructions(h.entries)) {
        if (i.keyword === "RUN" && UNVERIFIED.test(i.args)) suspicious.push({ image: name, instruction: describeInstruction(i) });
      }
    }
    const found = suspicious.length > 0
      ? `; ${suspicious.length} build instruction(s) disable package or download verification`
      : "";
    const missing = unread.length > 0 ? `; history unreadable for ${unread.join(", ")}` : "";
    return manual(`confirm that the images in use install only verified packages from trusted repositories${found}${missing}`,
      { verificationDisabled: suspicious, historyUnreadable: unread });
  }),
});
