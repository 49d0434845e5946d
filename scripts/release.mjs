#!/usr/bin/env node
// `npm run release`: everything an operator installs, built from this checkout with the Node that runs this script.
//   release/dockaudit-<version>-linux-<arch>         the single executable (Node SEA: bundle + assets + code cache)
//   release/dockaudit-<version>-linux-<arch>.sha256  its digest, in `sha256sum -c` format
//   release/dockaudit-<version>.tgz                  the npm package (npm pack: compiled dist/, no build step)
//   release/rootfs/                                  what the Dockerfile copies FROM scratch: the executable as
//                                                    /usr/local/bin/dockaudit and the shared libraries it links
// Steps: tsc → esbuild bundles dist/src/single-executable.js into one CommonJS file → training runs of that bundle
// make its V8 code cache (scripts/code-cache.mjs) → `node --experimental-sea-config` writes the blob (main: a small
// loader that compiles the bundle with the cache; the bundle, the cache and every file of reports/, schemas/ and
// data/ plus package.json embedded as assets, keyed by path, and "assets.json" listing the shipped files) → a copy
// of the node binary gets the blob injected with postject.
// Options (for the tests): --out DIR writes there instead of release/; --skip-tsc uses the dist/ already built.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { arch } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { loaderSource, trainCodeCache } from "./code-cache.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const optionValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const OUT = resolve(optionValue("--out") ?? join(ROOT, "release"));
const WORK = join(OUT, "build");
const ASSET_DIRS = ["reports", "schemas", "data"];
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const exeName = `dockaudit-${version}-linux-${arch()}`;
const log = (msg) => process.stderr.write(`release: ${msg}\n`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...opts });

function filesUnder(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** The shared libraries `ldd` says a binary loads (absolute paths, the dynamic loader included). */
function sharedLibraries(binary) {
  const out = run("ldd", [binary]);
  return out.split("\n").flatMap((line) => {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    return m ? [m[1]] : [];
  });
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

// Only what this script writes is replaced (--out may name a directory holding other files).
for (const f of [WORK, join(OUT, "rootfs"), join(OUT, exeName), join(OUT, `${exeName}.sha256`), join(OUT, `dockaudit-${version}.tgz`)]) {
  rmSync(f, { recursive: true, force: true });
}
mkdirSync(WORK, { recursive: true });

if (!args.includes("--skip-tsc")) {
  log("tsc");
  run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { stdio: "inherit" });
}

log("esbuild");
const bundle = join(WORK, "dockaudit.cjs");
await build({
  entryPoints: [join(ROOT, "dist", "src", "single-executable.js")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  keepNames: true,
  legalComments: "none",
  plugins: [{
    // src/report/libs.ts loads Handlebars and cli-table3 on first use through createRequire, which inside the
    // executable would look for node_modules on disk: here the same functions call require(), which esbuild bundles
    // (still run on first use only).
    name: "bundled-lazy-libs",
    setup(b) {
      b.onLoad({ filter: /[\\/]dist[\\/]src[\\/]report[\\/]libs\.js$/ }, () => ({
        contents: 'export const loadHandlebars = () => require("handlebars");\nexport const loadTable = () => require("cli-table3");\n',
        loader: "js",
        resolveDir: join(ROOT, "dist", "src", "report"),
      }));
    },
  }, {
    // ssh2's optional native add-ons, loaded in a try/catch: modules that throw "absent", so ssh2 uses its pure-JS
    // fallbacks without asking the executable's require() (which loads built-ins only, and warns on stderr).
    name: "absent-native-addons",
    setup(b) {
      b.onResolve({ filter: /^cpu-features$|\.node$/ }, (a) => ({ path: a.path, namespace: "absent" }));
      b.onLoad({ filter: /.*/, namespace: "absent" }, (a) => ({ contents: `throw new Error(${JSON.stringify(`${a.path} is not in the single executable`)});`, loader: "js" }));
    },
  }],
  // The bundle is compiled by the loader with node:vm (scripts/code-cache.mjs), where import() has no module loader:
  // esbuild turns the one dynamic import of a built-in (node:https) into require().
  supported: { "dynamic-import": false },
  // import.meta is empty in CommonJS; inside the executable __filename is the executable itself.
  define: { "import.meta.url": "__dockauditImportMetaUrl" },
  banner: { js: 'var __dockauditImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

log("code cache (training runs)");
const cache = join(WORK, "dockaudit.cache");
await trainCodeCache({ bundle, cacheFile: cache, work: join(WORK, "train"), root: ROOT });
const loader = join(WORK, "sea-main.cjs");
writeFileSync(loader, loaderSource());

const keys = [...ASSET_DIRS.flatMap(filesUnder), "package.json"].sort();
const assets = Object.fromEntries(keys.map((k) => [k, join(ROOT, k)]));
writeFileSync(join(WORK, "assets.json"), JSON.stringify(keys));
assets["assets.json"] = join(WORK, "assets.json");
// The code: the bundle and its trained V8 code cache, compiled by the loader (the SEA's main script).
assets["dockaudit.cjs"] = bundle;
assets["dockaudit.cache"] = cache;
const blob = join(WORK, "sea-prep.blob");
writeFileSync(join(WORK, "sea-config.json"), JSON.stringify({
  main: loader, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets,
}, null, 2));
log(`SEA blob (${keys.length} assets)`);
run(process.execPath, ["--experimental-sea-config", join(WORK, "sea-config.json")], { stdio: "inherit" });

const exe = join(OUT, exeName);
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
log("postject");
run(process.execPath, [join(ROOT, "node_modules", "postject", "dist", "cli.js"), exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE], { stdio: ["ignore", "ignore", "pipe"] }); // its "Can't find string offset" warnings are harmless
writeFileSync(`${exe}.sha256`, `${sha256(exe)}  ${exeName}\n`);

log("image rootfs");
const rootfs = join(OUT, "rootfs");
mkdirSync(join(rootfs, "usr", "local", "bin"), { recursive: true });
copyFileSync(exe, join(rootfs, "usr", "local", "bin", "dockaudit"));
chmodSync(join(rootfs, "usr", "local", "bin", "dockaudit"), 0o755);
for (const lib of sharedLibraries(exe)) {
  const dest = join(rootfs, lib);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(lib, dest); // follows symlinks: the image holds the library itself under the name the binary asks for
}

log("npm pack");
// --silent --json: npm's notice listing of every packed file (about 300 lines) is not printed; its JSON says how many.
const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--silent", "--json", "--pack-destination", OUT]))[0];
// The packed manifest keeps no development scripts: `prepare` (tsc, for a fresh clone) is listed by npm among a
// package's install scripts, and the tarball must install with no build step.
const tgz = join(OUT, `dockaudit-${version}.tgz`);
const unpacked = join(WORK, "pack");
mkdirSync(unpacked);
run("tar", ["-xzf", tgz, "-C", unpacked]);
const manifestPath = join(unpacked, "package", "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
delete manifest.scripts;
delete manifest.devDependencies;
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
run("tar", ["-czf", tgz, "--owner=0", "--group=0", "--numeric-owner", "-C", unpacked, "package"]);

rmSync(WORK, { recursive: true, force: true });
// What was built, where, and the digests: a few lines, not a listing of the tarball.
process.stdout.write(`dockaudit ${version} built in ${OUT} with Node ${process.version}:\n`);
for (const f of readdirSync(OUT).sort()) {
  const st = statSync(join(OUT, f));
  if (!st.isFile() || !f.startsWith(`dockaudit-${version}`) || f.endsWith(".sha256")) continue;
  const what = f.endsWith(".tgz") ? `npm package, ${packed?.entryCount ?? "?"} files` : "single executable";
  process.stdout.write(`  ${f}  ${(st.size / 1e6).toFixed(1)} MB  (${what})\n    sha256 ${sha256(join(OUT, f))}\n`);
}
process.stdout.write(`  rootfs/  the image's files (executable and ${sharedLibraries(exe).length} shared libraries); see the Dockerfile\n`);
