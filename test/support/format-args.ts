// What a format needs besides the report: -f asff needs the AWS account and region it writes findings for. Tests
// that loop over every format pass these, so a format that needs options is still exercised by them.
import type { RenderOptions } from "../../src/report/index.js";

export const TEST_ASFF = { accountId: "123456789012", region: "eu-west-1" };

/** The command-line options a format needs (none for most). */
export function formatArgs(format: string): string[] {
  return format === "asff" ? ["--asff-account", TEST_ASFF.accountId, "--asff-region", TEST_ASFF.region] : [];
}

/** The render options every format is happy with. */
export const RENDER_OPTIONS: RenderOptions = { asff: TEST_ASFF };
