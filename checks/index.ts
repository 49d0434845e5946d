// The catalog: every check, from one explicit index per section. Selection, profiles and the README's check list
// are all derived from the checks' metadata.
import { type Check } from "../src/check-api.js";
import { containerRuntimeChecks } from "./container-runtime/index.js";
import { daemonChecks } from "./daemon/index.js";
import { daemonFilesChecks } from "./daemon-files/index.js";
import { dockauditChecks } from "./dockaudit/index.js";
import { hostChecks } from "./host/index.js";
import { imageChecks } from "./images/index.js";
import { operationsChecks } from "./operations/index.js";
import { swarmChecks } from "./swarm/index.js";

export const catalog: readonly Check[] = [
  ...hostChecks, ...daemonChecks, ...daemonFilesChecks, ...imageChecks, ...containerRuntimeChecks, ...operationsChecks,
  ...swarmChecks, ...dockauditChecks,
];
