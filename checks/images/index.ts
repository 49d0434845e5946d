// Section 4, container images and build files. Sorted by key.
import { type Check } from "../../src/check-api.js";
import containerUser from "./container-user.js";
import contentTrust from "./content-trust.js";
import copyNotAdd from "./copy-not-add.js";
import healthcheck from "./healthcheck.js";
import noSecretsInBuild from "./no-secrets-in-build.js";
import noUnnecessaryPackages from "./no-unnecessary-packages.js";
import scannedAndRebuilt from "./scanned-and-rebuilt.js";
import setuidSetgidRemoved from "./setuid-setgid-removed.js";
import signedArtifacts from "./signed-artifacts.js";
import trustedBaseImages from "./trusted-base-images.js";
import updateNotAlone from "./update-not-alone.js";
import verifiedPackages from "./verified-packages.js";

export const imageChecks: Check[] = [
  containerUser, contentTrust, copyNotAdd, healthcheck, noSecretsInBuild, noUnnecessaryPackages, scannedAndRebuilt,
  setuidSetgidRemoved, signedArtifacts, trustedBaseImages, updateNotAlone, verifiedPackages,
];
