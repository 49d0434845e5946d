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

/**
 * A describe whose tests need root (real owners and groups via chown, a tree under another uid). As root, as CI
 * runs, it runs as written; as another user it is skipped, visibly, so the unit layer (`npm run test:unit`) passes
 * unprivileged; with tools required (CI) and no root, it fails instead.
 */
export function describeAsRoot(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite {
  return describe(title, function () {
    before(function () {
      if (process.getuid?.() === 0) return;
      if (toolsRequired()) throw new Error(`"${title}" needs root (real owners via chown); .ci/run runs as root`);
      this.skip();
    });
    fn.call(this);
  });
}
