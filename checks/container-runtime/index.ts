// Section 5, container runtime. Sorted by key.
import type { Check } from "../../src/engine/types.js";
import hostPidNamespace from "./host-pid-namespace.js";

export const containerRuntimeChecks: Check[] = [hostPidNamespace];
