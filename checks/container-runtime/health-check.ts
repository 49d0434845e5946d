import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";

export default defineCheck({
  key: "container-health-check",
  cis: { "1.6.0": "5.27", "1.8.0": "5.27" },
  title: "Container health is checked at runtime",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "A health check lets Docker and orchestrators notice that a container still runs but no longer works (hung, or taken over and misbehaving), so it can be restarted or taken out of service.",
  remediation: "Add a HEALTHCHECK to the image or start the container with --health-cmd; investigate containers reported unhealthy.",
  needs: ["engine.containers"],
  // A container that is unhealthy right now does not pass just because it has a health check (a peer passes it).
  evaluate: perContainer((c) => {
    const test = c.Config.Healthcheck?.Test ?? [];
    const status = c.State.Health?.Status;
    const evidence = { healthcheck: test[0] ?? null, healthStatus: status ?? null };
    if (test.length === 0) return fail("has no health check", evidence);
    if (test[0] === "NONE") return fail("has its health check disabled (HEALTHCHECK NONE / --no-healthcheck)", evidence);
    if (status === "unhealthy") return fail(`has a health check and is unhealthy (failing streak ${c.State.Health?.FailingStreak ?? "?"})`, evidence);
    return pass(`has a health check${status ? ` (status ${status})` : ""}`, evidence);
  }),
});
