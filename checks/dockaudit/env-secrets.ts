import { defineCheck, error, fail, pass, perContainer } from "../../src/check-api.js";
import { secretNameMatch } from "./secret-names.js";

export default defineCheck({
  key: "da-env-secrets",
  ownId: "X.2",
  title: "Containers do not receive secrets in environment variables",
  section: "dockaudit", level: 1, automated: true, severity: "high",
  rationale:
    "Environment variables are visible to anyone who can run `docker inspect`, to every process in the container and its children, in /proc, and often end up in logs, crash reports and image layers. A credential passed this way leaks far beyond the application that needs it.",
  remediation:
    "Mount credentials as files instead: Docker/Compose secrets (read from /run/secrets/NAME), a read-only bind mount, or the image's `*_FILE` variables (e.g. POSTGRES_PASSWORD_FILE); or fetch them from a secrets manager at start-up.",
  needs: ["engine.containers"],
  // Decided from variable names (rule in secret-names.ts: whole words, *_FILE and *_PATH references, *_POLICY or
  // *_LENGTH settings and ALLOW_EMPTY_PASSWORD-style switches excluded) and from the shapes the collector saw in
  // values (AWS keys, private keys, JWTs, …). Values never reach the snapshot; findings name variables only.
  evaluate: perContainer((c) => {
    const names = c.Config.EnvNames;
    if (!Array.isArray(names)) return error("the container's environment variable names were not collected");
    const byName = new Map<string, string[]>();
    for (const n of names) {
      const m = secretNameMatch(n);
      if (m) byName.set(n, [`name contains ${m}`]);
    }
    for (const s of c.Config.EnvSecretShapes ?? []) byName.set(s.name, [...(byName.get(s.name) ?? []), `value looks like a ${s.kind}`]);
    const found = [...byName.entries()].sort(([a], [b]) => a.localeCompare(b));
    const evidence = { variables: found.map(([name, why]) => ({ name, why: why.join("; ") })), checked: names.length };
    return found.length > 0
      ? fail(`${found.length} environment variable(s) look like secrets: ${found.map(([n]) => n).join(", ")}`, evidence)
      : pass(`none of its ${names.length} environment variable(s) looks like a secret`, { checked: names.length });
  }),
});
