// dockaudit's own checks (section "X"), beyond CIS. Sorted by key.
import { type Check } from "../../src/check-api.js";
import daemonSeccompProfile from "./daemon-seccomp-profile.js";
import dangerousCapabilities from "./dangerous-capabilities.js";
import envSecrets from "./env-secrets.js";
import imageAge from "./image-age.js";
import kernelSeccompSupported from "./kernel-seccomp-supported.js";
import noResourceLimits from "./no-resource-limits.js";
import podmanDefaults from "./podman-defaults.js";
import remoteShellDaemon from "./remote-shell-daemon.js";

export const dockauditChecks: Check[] = [
  daemonSeccompProfile, dangerousCapabilities, envSecrets, imageAge, kernelSeccompSupported, noResourceLimits, podmanDefaults, remoteShellDaemon,
];
