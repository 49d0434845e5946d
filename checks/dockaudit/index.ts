// dockaudit's own checks (section "X"), beyond CIS. Sorted by key.
import type { Check } from "../../src/engine/types.js";
import kernelSeccompSupported from "./kernel-seccomp-supported.js";

export const dockauditChecks: Check[] = [kernelSeccompSupported];
