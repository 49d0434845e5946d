// The catalog: every check, from one explicit index per section. Selection, profiles and the README's check list
// are all derived from the checks' metadata.
import type { Check } from "../src/engine/types.js";
import { containerRuntimeChecks } from "./container-runtime/index.js";
import { daemonChecks } from "./daemon/index.js";
import { dockauditChecks } from "./dockaudit/index.js";

export const catalog: readonly Check[] = [...daemonChecks, ...containerRuntimeChecks, ...dockauditChecks];
