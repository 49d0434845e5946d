import { defineCheck, error, info, onDaemon } from "../../src/check-api.js";
import { activeSwarm, isVerdict, swarmFact } from "./lib.js";

export default defineCheck({
  key: "swarm-secrets-used",
  cis: { "1.6.0": "7.4", "1.8.0": "7.4" },
  title: "Docker's secret management is used for secrets in the swarm",
  section: "swarm", level: 1, automated: false, severity: "medium",
  rationale:
    "Swarm secrets are encrypted in the managers' Raft log, sent only to the nodes running services that need them and mounted in memory, never in the image or the environment, where any process or `docker inspect` can read them.",
  remediation:
    "Store credentials with `docker secret create NAME FILE` and give them to services with `--secret NAME` (or `secrets:` in a stack file); read them from /run/secrets/NAME instead of environment variables.",
  needs: ["engine.info"],
  // Whether every credential goes through secrets cannot be seen from the daemon, so the count is reported for a
  // person to judge (CIS: Manual); da-env-secrets finds credentials passed as environment variables.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx, "the swarm's secrets");
    if (isVerdict(s)) return s;
    const n = swarmFact(ctx, "secrets");
    if ("error" in n) return error(`could not decide: ${n.error}`);
    return n.value === 0
      ? info("the swarm holds no secrets; if services use credentials, they get them some other way (see da-env-secrets)", { secrets: 0 })
      : info(`the swarm holds ${n.value} secret(s); confirm services get every credential this way`, { secrets: n.value });
  }),
});
