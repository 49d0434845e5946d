// Section 7, Docker Swarm configuration. Sorted by key.
import { type Check } from "../../src/check-api.js";
import autolock from "./autolock.js";
import autolockKeyRotated from "./autolock-key-rotated.js";
import boundInterface from "./bound-interface.js";
import caCertRotation from "./ca-cert-rotation.js";
import managerCount from "./manager-count.js";
import nodeCertRotation from "./node-cert-rotation.js";
import overlayEncrypted from "./overlay-encrypted.js";
import planeSeparation from "./plane-separation.js";
import secretsUsed from "./secrets-used.js";

export const swarmChecks: Check[] = [
  autolock, autolockKeyRotated, boundInterface, caCertRotation, managerCount, nodeCertRotation, overlayEncrypted,
  planeSeparation, secretsUsed,
];
