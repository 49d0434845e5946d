// Section 1, host configuration. Sorted by key.
import { type Check } from "../../src/check-api.js";
import auditContainerdBinary from "./audit-containerd-binary.js";
import auditContainerdConfig from "./audit-containerd-config.js";
import auditContainerdShim from "./audit-containerd-shim.js";
import auditContainerdShimRuncV1 from "./audit-containerd-shim-runc-v1.js";
import auditContainerdShimRuncV2 from "./audit-containerd-shim-runc-v2.js";
import auditContainerdSock from "./audit-containerd-sock.js";
import auditDaemonJson from "./audit-daemon-json.js";
import auditDataRoot from "./audit-data-root.js";
import auditDockerService from "./audit-docker-service.js";
import auditDockerSocketUnit from "./audit-docker-socket-unit.js";
import auditDockerd from "./audit-dockerd.js";
import auditEtcDefaultDocker from "./audit-etc-default-docker.js";
import auditEtcDocker from "./audit-etc-docker.js";
import auditEtcSysconfigDocker from "./audit-etc-sysconfig-docker.js";
import auditRunContainerd from "./audit-run-containerd.js";
import auditRunc from "./audit-runc.js";
import dockerGroupTrusted from "./docker-group-trusted.js";
import hardened from "./hardened.js";
import separatePartition from "./separate-partition.js";
import versionCurrent from "./version-current.js";

export const hostChecks: Check[] = [
  auditContainerdBinary, auditContainerdConfig, auditContainerdShim, auditContainerdShimRuncV1, auditContainerdShimRuncV2,
  auditContainerdSock, auditDaemonJson, auditDataRoot, auditDockerService, auditDockerSocketUnit, auditDockerd,
  auditEtcDefaultDocker, auditEtcDocker, auditEtcSysconfigDocker, auditRunContainerd, auditRunc, dockerGroupTrusted,
  versionCurrent, hardened, separatePartition,
];
