// Section 2, Docker daemon configuration. Sorted by key.
import { type Check } from "../../src/check-api.js";
import aufsNotUsed from "./aufs-not-used.js";
import authorizationPlugin from "./authorization-plugin.js";
import baseDeviceSize from "./base-device-size.js";
import cgroupParentDefault from "./cgroup-parent-default.js";
import defaultUlimits from "./default-ulimits.js";
import devicemapperNotUsed from "./devicemapper-not-used.js";
import experimentalDisabled from "./experimental-disabled.js";
import iccDisabled from "./icc-disabled.js";
import iptablesAllowed from "./iptables-allowed.js";
import liveRestore from "./live-restore.js";
import logLevelInfo from "./log-level-info.js";
import noInsecureRegistries from "./no-insecure-registries.js";
import noNewPrivileges from "./no-new-privileges.js";
import nonRoot from "./non-root.js";
import remoteLogging from "./remote-logging.js";
import seccompProfile from "./seccomp-profile.js";
import tcpTlsVerify from "./tcp-tls-verify.js";
import userlandProxyDisabled from "./userland-proxy-disabled.js";
import usernsRemap from "./userns-remap.js";

export const daemonChecks: Check[] = [
  aufsNotUsed, authorizationPlugin, baseDeviceSize, cgroupParentDefault, defaultUlimits, devicemapperNotUsed,
  experimentalDisabled, iccDisabled, iptablesAllowed, liveRestore, logLevelInfo, noInsecureRegistries,
  noNewPrivileges, nonRoot, remoteLogging, seccompProfile, tcpTlsVerify, userlandProxyDisabled, usernsRemap,
];
