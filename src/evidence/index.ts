// Evidence bundles: writing them (bundle.ts), their manifest (manifest.ts), proving them (verify.ts), and SSH
// signatures over the manifest (sshsig.ts). What the CLI and the tests import.
export * from "./bundle.js";
export * from "./manifest.js";
export * from "./verify.js";
export { loadSigner, readAllowedSigners, SIGNATURE_FILE, type Signer } from "./sshsig.js";
