// Section 3, Docker daemon configuration files. Sorted by key.
import { type Check } from "../../src/check-api.js";
import containerdSockOwner from "./containerd-sock-owner.js";
import containerdSockPerms from "./containerd-sock-perms.js";
import daemonJsonOwner from "./daemon-json-owner.js";
import daemonJsonPerms from "./daemon-json-perms.js";
import dockerServiceOwner from "./docker-service-owner.js";
import dockerServicePerms from "./docker-service-perms.js";
import dockerSockOwner from "./docker-sock-owner.js";
import dockerSockPerms from "./docker-sock-perms.js";
import dockerSocketUnitOwner from "./docker-socket-unit-owner.js";
import dockerSocketUnitPerms from "./docker-socket-unit-perms.js";
import etcDefaultDockerOwner from "./etc-default-docker-owner.js";
import etcDefaultDockerPerms from "./etc-default-docker-perms.js";
import etcDockerOwner from "./etc-docker-owner.js";
import etcDockerPerms from "./etc-docker-perms.js";
import etcSysconfigDockerOwner from "./etc-sysconfig-docker-owner.js";
import etcSysconfigDockerPerms from "./etc-sysconfig-docker-perms.js";
import registryCertsOwner from "./registry-certs-owner.js";
import registryCertsPerms from "./registry-certs-perms.js";
import tlsCaOwner from "./tls-ca-owner.js";
import tlsCaPerms from "./tls-ca-perms.js";
import tlsCertOwner from "./tls-cert-owner.js";
import tlsCertPerms from "./tls-cert-perms.js";
import tlsKeyOwner from "./tls-key-owner.js";
import tlsKeyPerms from "./tls-key-perms.js";

export const daemonFilesChecks: Check[] = [
  containerdSockOwner, containerdSockPerms, daemonJsonOwner, daemonJsonPerms, dockerServiceOwner, dockerServicePerms,
  dockerSockOwner, dockerSockPerms, dockerSocketUnitOwner, dockerSocketUnitPerms, etcDefaultDockerOwner,
  etcDefaultDockerPerms, etcDockerOwner, etcDockerPerms, etcSysconfigDockerOwner, etcSysconfigDockerPerms,
  registryCertsOwner, registryCertsPerms, tlsCaOwner, tlsCaPerms, tlsCertOwner, tlsCertPerms, tlsKeyOwner, tlsKeyPerms,
];
