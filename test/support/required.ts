// One switch for "the tools and daemons the tests need must be there": .ci/run sets DOCKAUDIT_REQUIRE_DAEMON=1
// (CI=true counts too). Without it a missing tool skips its test, visibly; with it, the test fails.
export function toolsRequired(): boolean {
  return process.env.CI === "true" || process.env.DOCKAUDIT_REQUIRE_DAEMON === "1";
}

/** Fails (when tools are required) or skips the running test: `tool` could not be run. */
export function missingTool(ctx: Mocha.Context, tool: string, pkg: string): never {
  if (toolsRequired()) throw new Error(`${tool} is not installed (Debian package ${pkg}); .ci/run installs it`);
  ctx.skip();
}
