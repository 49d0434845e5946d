import { defineCheck, error, fail, pass, perContainer } from "../../src/check-api.js";

const MAX_RETRIES = 5;

export default defineCheck({
  key: "container-restart-policy",
  cis: { "1.6.0": "5.15", "1.8.0": "5.15" },
  title: "The restart policy is on-failure with at most 5 retries (or no restart)",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "A container restarted endlessly after failures can keep a host busy and hide an attack or a crash loop. An on-failure policy with a small retry count gives up and lets someone look.",
  remediation: "Use --restart=on-failure:5 (or fewer retries), or no restart policy; do not use always or unless-stopped.",
  needs: ["engine.containers"],
  // always and unless-stopped restart without limit (a peer passes them because their retry count reads 0), and
  // on-failure with a count of 0 means unlimited retries.
  evaluate: perContainer((c) => {
    const policy = c.HostConfig.RestartPolicy;
    if (!policy) return error("its inspect data has no restart policy");
    const { Name: name, MaximumRetryCount: retries } = policy;
    const evidence = { RestartPolicy: { Name: name, MaximumRetryCount: retries } };
    if (name === "" || name === "no") return pass("is never restarted automatically (restart policy no)", evidence);
    if (name === "on-failure") {
      if (retries > 0 && retries <= MAX_RETRIES) return pass(`restarts on failure at most ${retries} times`, evidence);
      return fail(retries > 0 ? `restarts on failure up to ${retries} times (more than ${MAX_RETRIES})` : "restarts on failure without a retry limit", evidence);
    }
    return fail(`restarts without limit (restart policy ${name})`, evidence);
  }),
});
