// The check API: everything a check (a file under checks/) may import, and the only module it imports from src/
// (eslint.config.js enforces it). Policy packs (issue 21) expose this same surface to their own checks. It holds:
//   - the definition: defineCheck, and the metadata and context types (Check, EvalContext, Evidence, Finding);
//   - verdict constructors: pass, fail, error, skip, manual, info (and finding, isVerdict);
//   - subject helpers: perContainer, perImage, onDaemon, onHost, and the subjects they make;
//   - typed facts: the snapshot's types, daemon settings with their origin, facts read per subject (needs);
//   - shared Docker notions: how dockerd parses security options, capabilities, booleans, namespaces;
//   - witnesses: what the kernel and the running daemon show, to decide a verdict against configuration.
// Nothing here does I/O: a check is a pure function of the snapshot.

export {
  collected, containerName, containerSubject, daemonSetting, daemonSubject, defineCheck, error, factValue, fail, finding, hostSubject,
  imageSubject, info, isVerdict, manual, onDaemon, onHost, pass, perContainer, perImage, skip, subjectFact, type Verdict,
} from "./engine/define.js";
export type { Check, CheckMeta, EngineKind, EvalContext, EvalOptions, Evidence, Finding, Need, Severity, Status, Subject, SwarmNeed } from "./engine/types.js";
export { resolveNeed, resolveSubjectFact, type NeedRead, type SubjectSlice } from "./engine/needs.js";
export { engineOf } from "./engine/applicability.js";
export {
  cgroupEnforcement, createdByRunningDaemon, daemonKernel, daemonProcessName, decideWithKernel, defaultWitnesses, kernelView, witnessList,
  type CgroupControl, type DefaultWitness, type Witness,
} from "./engine/witness.js";
export {
  DEFAULT_CAPS, NAMESPACE_MODE, daemonSecurityOption, defaultBridge, joinedNamespace, normaliseCap, parseAppArmorLabel, parseCpuSet, parseGoBool,
  parseSecurityOpt, type SecurityOpt, type SharedNamespace,
} from "./snapshot/notions.js";
export { secretWordAt } from "./snapshot/secret-words.js";
export type * from "./snapshot/types.js";
