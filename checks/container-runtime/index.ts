// Section 5, container runtime. Sorted by key.
import { type Check } from "../../src/check-api.js";
import apparmorProfile from "./apparmor-profile.js";
import capabilitiesRestricted from "./capabilities-restricted.js";
import cgroupParent from "./cgroup-parent.js";
import cpuPriority from "./cpu-priority.js";
import defaultBridge from "./default-bridge.js";
import dockerSocketMount from "./docker-socket-mount.js";
import execPrivileged from "./exec-privileged.js";
import execUserRoot from "./exec-user-root.js";
import healthCheck from "./health-check.js";
import hostDevices from "./host-devices.js";
import hostIpcNamespace from "./host-ipc-namespace.js";
import hostNetworkNamespace from "./host-network-namespace.js";
import hostPidNamespace from "./host-pid-namespace.js";
import hostUserNamespace from "./host-user-namespace.js";
import hostUtsNamespace from "./host-uts-namespace.js";
import latestImage from "./latest-image.js";
import memoryLimit from "./memory-limit.js";
import mountPropagation from "./mount-propagation.js";
import neededPorts from "./needed-ports.js";
import noNewPrivileges from "./no-new-privileges.js";
import noSshd from "./no-sshd.js";
import pidsLimit from "./pids-limit.js";
import portHostInterface from "./port-host-interface.js";
import privileged from "./privileged.js";
import privilegedPorts from "./privileged-ports.js";
import readOnlyRootfs from "./read-only-rootfs.js";
import restartPolicy from "./restart-policy.js";
import seccompProfile from "./seccomp-profile.js";
import selinuxOptions from "./selinux-options.js";
import sensitiveHostMounts from "./sensitive-host-mounts.js";
import swarmMode from "./swarm-mode.js";
import ulimitOverride from "./ulimit-override.js";

export const containerRuntimeChecks: Check[] = [
  apparmorProfile,
  capabilitiesRestricted,
  cgroupParent,
  cpuPriority,
  defaultBridge,
  dockerSocketMount,
  execPrivileged,
  execUserRoot,
  healthCheck,
  hostDevices,
  hostIpcNamespace,
  hostNetworkNamespace,
  hostPidNamespace,
  hostUserNamespace,
  hostUtsNamespace,
  latestImage,
  memoryLimit,
  mountPropagation,
  neededPorts,
  noNewPrivileges,
  noSshd,
  pidsLimit,
  portHostInterface,
  privileged,
  privilegedPorts,
  readOnlyRootfs,
  restartPolicy,
  seccompProfile,
  selinuxOptions,
  sensitiveHostMounts,
  swarmMode,
  ulimitOverride,
];
