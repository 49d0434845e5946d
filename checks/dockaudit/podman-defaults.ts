import { defineCheck, error, type EvalContext, fail, finding, type Finding, manual, normaliseCap as normalise, pass, type PodmanConfig, type Verdict } from "../../src/check-api.js";
import { DANGEROUS_CAPS } from "./dangerous-capabilities.js";


/** One finding per containers.conf setting with a CIS daemon-level equivalent, as the Podman service reads it. */
function judge(conf: PodmanConfig, source: string): [string, Verdict][] {
  const s = conf.settings;
  const where = (k: keyof PodmanConfig["settings"]) => {
    const set = s[k];
    return set ? ` (${set.file})` : " (not set in any containers.conf read)";
  };
  const evidence = (k: keyof PodmanConfig["settings"]) => ({ key: k, value: s[k]?.value ?? null, file: s[k]?.file ?? null, files: conf.files, source });
  const out: [string, Verdict][] = [];

  // CIS 2.15: containers cannot gain new privileges unless they opt out. Setting it is not proof that Podman applies
  // it: Podman 4.3.1 was seen to leave NoNewPrivs at 0 in its containers with no_new_privileges = true (while
  // default_capabilities from the same file was applied), so a set value is for 5.26 to witness per container.
  const nnp = s.no_new_privileges?.value;
  out.push(["no_new_privileges", nnp === true
    ? manual(`no_new_privileges = true${where("no_new_privileges")}, but whether Podman applies it shows only in its containers (5.26; Podman 4.3.1 does not): confirm there`, evidence("no_new_privileges"))
    : fail(`no_new_privileges is ${nnp === undefined ? "not set (Podman's default is false)" : JSON.stringify(nnp)}${where("no_new_privileges")}: containers may gain new privileges`, evidence("no_new_privileges"))]);

  // CIS 2.10: container root is not host root — a user namespace by default, or a rootless service.
  const userns = s.userns?.value;
  if (conf.rootless) out.push(["userns", pass(`the Podman service runs rootless${conf.rootlessFrom ? ` (${conf.rootlessFrom})` : ""}, so container root maps to its unprivileged user`, evidence("userns"))]);
  else if (typeof userns === "string" && userns !== "" && userns !== "host") out.push(["userns", pass(`userns = "${userns}"${where("userns")}: containers get a user namespace by default`, evidence("userns"))]);
  else out.push(["userns", fail(`userns is ${userns === undefined || userns === "" ? "not set" : JSON.stringify(userns)}${where("userns")}: container root is host root`, evidence("userns"))]);

  // CIS 5.22 / X.7 intent: a seccomp filter by default.
  const seccomp = s.seccomp_profile?.value;
  if (seccomp === "unconfined") out.push(["seccomp_profile", fail(`seccomp_profile = "unconfined"${where("seccomp_profile")}: containers run without a seccomp filter by default`, evidence("seccomp_profile"))]);
  else if (seccomp === undefined || seccomp === "") out.push(["seccomp_profile", pass("seccomp_profile is not set: Podman applies its built-in default profile", evidence("seccomp_profile"))]);
  else out.push(["seccomp_profile", pass(`seccomp_profile = ${JSON.stringify(seccomp)}${where("seccomp_profile")}: a profile of the host's choosing`, evidence("seccomp_profile"))]);

  // CIS 5.4 / X.4 intent: no capability that hands over the host is granted to every container.
  const caps = s.default_capabilities?.value;
  if (caps === undefined) out.push(["default_capabilities", pass("default_capabilities is not set: Podman's built-in default set, which holds none of the dangerous capabilities", evidence("default_capabilities"))]);
  else if (!Array.isArray(caps)) out.push(["default_capabilities", fail(`default_capabilities is not a list${where("default_capabilities")}`, evidence("default_capabilities"))]);
  else {
    const given = caps.map(normalise);
    const bad = given.includes("ALL") ? [...DANGEROUS_CAPS] : DANGEROUS_CAPS.filter((c) => given.includes(c));
    out.push(["default_capabilities", bad.length > 0
      ? fail(`default_capabilities${where("default_capabilities")} grants every container ${bad.join(", ")}`, { ...evidence("default_capabilities"), dangerous: bad })
      : pass(`default_capabilities${where("default_capabilities")} holds none of the dangerous capabilities`, evidence("default_capabilities"))]);
  }
  return out;
}

export default defineCheck({
  key: "da-podman-defaults",
  ownId: "X.8",
  title: "Podman's containers.conf gives containers hardened defaults",
  section: "dockaudit", level: 1, automated: true, severity: "medium",
  rationale:
    "On Podman, the defaults every container starts with come from containers.conf, not from a daemon.json: whether containers may gain new privileges (CIS 2.15), get a user namespace (2.10), run under a seccomp filter and which capabilities they all receive. A weak default there weakens every container that does not override it.",
  remediation:
    "In /etc/containers/containers.conf (or a file in containers.conf.d), under [containers]: no_new_privileges = true, userns = \"auto\" (or run Podman rootless), leave seccomp_profile unset or point it at a profile, and keep default_capabilities free of SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_PTRACE and the like.",
  needs: [],
  engines: ["podman"],
  evaluate: (ctx: EvalContext): Finding[] => {
    const conf = ctx.snapshot.engine.podman;
    const subject = (key: string) => ({ kind: "daemon" as const, name: `containers.conf ${key}` });
    if (!conf) return [finding(subject("[containers]"), error("Podman's containers.conf was not collected"))];
    if (!conf.ok) return [finding(subject("[containers]"), error(`could not decide: containers.conf could not be read: ${conf.error}`, { source: conf.source }))];
    return judge(conf.value, conf.source).map(([key, v]) => finding(subject(key), v));
  },
});
