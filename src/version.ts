import { assetText } from "./assets.js";

/** The repository root (this file is dist/src/version.js once built). */
export { PROJECT_ROOT } from "./assets.js";

export const TOOL_VERSION: string = (JSON.parse(assetText("package.json")) as { version: string }).version;
