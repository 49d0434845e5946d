import { X509Certificate } from "node:crypto";
import { defineCheck, type Evidence, manual, onDaemon } from "../../src/check-api.js";
import { activeSwarm, isVerdict } from "./lib.js";

/** When the swarm's root CA certificate became valid, read from the public TrustRoot the API returns. */
function caValidFrom(trustRoot: unknown, now: Date): Evidence {
  if (typeof trustRoot !== "string" || trustRoot === "") return {};
  try {
    const from = new Date(new X509Certificate(trustRoot).validFrom);
    const age = Math.floor((now.getTime() - from.getTime()) / 86_400_000);
    return { caValidFrom: from.toISOString(), ...(age >= 0 ? { caAgeDays: age } : {}) };
  } catch {
    return {};
  }
}

export default defineCheck({
  key: "swarm-ca-cert-rotation",
  cis: { "1.6.0": "7.8", "1.8.0": "7.8" },
  title: "CA certificates are rotated as appropriate",
  section: "swarm", level: 1, automated: false, severity: "low",
  rationale:
    "Whoever holds the swarm's root CA key can issue certificates that every node trusts. Rotating the root CA on a schedule, or at once after a suspected compromise, retires certificates issued by an exposed key.",
  remediation: "Rotate the root CA with `docker swarm ca --rotate` according to your policy; swarm re-issues node certificates as it goes.",
  needs: ["engine.info"],
  // How often the CA should change is policy; the CA's age is shown to help decide.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx, "the cluster's CA");
    if (isVerdict(s)) return s;
    const cluster = s.swarm.Cluster as { TLSInfo?: { TrustRoot?: unknown }; RootRotationInProgress?: boolean } | undefined;
    const evidence: Evidence = { ...caValidFrom(cluster?.TLSInfo?.TrustRoot, ctx.options.now), RootRotationInProgress: cluster?.RootRotationInProgress ?? null };
    const age = typeof evidence["caAgeDays"] === "number" ? ` (the current root CA is ${evidence["caAgeDays"]} days old)` : "";
    return manual(`confirm the swarm root CA is rotated (docker swarm ca --rotate) as your policy requires${age}`, evidence);
  }),
});
