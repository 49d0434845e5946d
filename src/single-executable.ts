// Entry point of the single executable (bundled by scripts/release.mjs): bin/dockaudit without top-level await,
// which a CommonJS bundle — the only form Node 20's single-executable applications run — cannot hold.
import { main } from "./cli/main.js";

void main(process.argv.slice(2)).then((code) => {
  // Exit once stdout has drained, as bin/dockaudit does.
  process.stdout.write("", () => process.exit(code));
});
