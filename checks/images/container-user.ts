import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

/**
 * Whether a `user[:group]` runs as root. Only the user part decides: `0:1000` and `root:staff` are root, while
 * `1000:0` is an unprivileged user in the root group. An empty value means the image default, which is root.
 */
export function isRootUser(user: string | undefined): boolean {
  const name = (user ?? "").trim().split(":")[0]!;
  return name === "" || name === "root" || /^0+$/.test(name);
}

export default defineCheck({
  key: "image-container-user",
  cis: { "1.6.0": "4.1", "1.8.0": "4.1" },
  title: "Containers run as a non-root user",
  section: "images", level: 1, automated: true, severity: "high",
  rationale:
    "A process running as root inside a container is root on the host's kernel: any escape through a kernel or runtime flaw, or a mistakenly mounted host path, then acts with full privileges. Running as an unprivileged user limits what a compromised application can do.",
  remediation:
    "Create a dedicated user in the image (e.g. `RUN useradd -r app`) and set `USER app` (or a numeric UID) in the Dockerfile, or start the container with --user UID:GID.",
  needs: ["engine.containers"],
  // Config.User already holds the image's USER when the container did not override it, so this is the user the
  // process really starts as. Peers read it as a string and let `0:0`, `root:root` and `0:1000` pass (Q20).
  evaluate: perContainer((c) => {
    const user = c.Config.User ?? "";
    const evidence = { User: user === "" ? null : user };
    if (!isRootUser(user)) return pass(`runs as user "${user}"`, evidence);
    return user.trim() === ""
      ? fail("runs as root: neither the image nor the container sets a user", evidence)
      : fail(`runs as root (user "${user}")`, evidence);
  }),
});
