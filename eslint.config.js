// Lint for the whole codebase (run by `npm test` before the tests). typescript-eslint's recommended rules without
// type information, so a run takes seconds; plus the few rules that guard this codebase's habits.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// ---------------------------------------------------------------- layers (import direction)
// Data flows one way: collect → snapshot → checks/engine → reporters, with the CLI on top. Each block below says what
// one layer may not import (no-restricted-imports; one block per directory, since a later block for the same file
// would replace an earlier one's list). test/catalog/import-cycles.test.ts forbids cycles.
const IO = ["fs", "fs/promises", "child_process", "net", "http", "https", "os", "dgram", "dns"].flatMap((m) => [m, `node:${m}`]);
const io = (why) => [...IO, "execa", "dockerode"].map((name) => ({ name, message: why }));
const not = (regex, message) => ({ regex, message });
const layer = (files, paths, patterns) => ({ files, rules: { "no-restricted-imports": ["error", { paths, patterns }] } });
const layers = [
  layer(["checks/**/*.ts"], io("checks are pure functions of the snapshot: no I/O"), [
    not("^(\\.\\./)+src/(?!check-api\\.js$)", "a check imports only src/check-api.ts (the check API) from src/"),
    not("^\\.\\./[^/]+/lib(\\.js)?$", "a section never imports another section's lib.ts: shared logic lives in checks/shared.ts"),
  ]),
  layer(["src/engine/**/*.ts"], io("the engine is pure: no I/O"), [
    not("^\\.\\./(collect|report|cli|evidence|fleet|settings|files|ssh)/", "the engine never reaches into collectors, reporters, the CLI or evidence"),
    not("checks/", "the engine takes the catalog as an argument, never imports it"),
  ]),
  layer(["src/collect/**/*.ts"], [], [
    not("^(\\.\\./)+(engine|report|cli|evidence|fleet|settings)/", "collectors never import the engine, reporters, the CLI or evidence"),
    not("checks/", "collectors never import the catalog"),
  ]),
  layer(["src/snapshot/types.ts", "src/snapshot/notions.ts"], [], [not("^\\.\\./(collect|engine|report|cli|evidence|fleet)/", "the snapshot's types and notions depend on nothing above them")]),
  layer(["src/report/**/*.ts"], ["child_process", "net", "http", "https"].flatMap((m) => [m, `node:${m}`]).concat(["execa", "dockerode"]).map((name) => ({ name, message: "reporters are pure: no I/O beyond reading their templates" })), [
    not("^\\.\\./(collect|cli|evidence|fleet)/", "reporters render a report; they never collect, write or run commands"),
    not("checks/", "reporters never import the catalog"),
  ]),
  layer(["src/secrets/**/*.ts"], io("the secret policy is pure: it judges names and values, never reads them"), [
    not("^\\.\\./(collect|engine|report|cli|evidence|fleet)/", "the secret policy depends only on the snapshot's types"),
  ]),
  layer(["src/evidence/**/*.ts", "src/settings/**/*.ts", "src/fleet/**/*.ts", "src/files/**/*.ts", "src/ssh/**/*.ts", "src/check-api.ts"], [], [
    not("^\\.\\./cli/", "only the CLI imports the CLI"),
  ]),
];

export default tseslint.config(
  // Generated or shipped as built: the precompiled snapshot validator, the release staging tree.
  { ignores: ["dist/**", "node_modules/**", "release/**", "docs/**", "examples/**/*.js", "schemas/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // Control characters in patterns are how this codebase strips them from hostile text.
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Tests use `any` to poke at parsed JSON documents; sources must not.
      "@typescript-eslint/no-explicit-any": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-throw-literal": "error",
      "prefer-const": "error",
      // Errors here are one line for a person (exit-code contract); a wrapped cause is never printed.
      "preserve-caught-error": "off",
    },
  },
  {
    // No `x!` in shipped code: with noUncheckedIndexedAccess (tsconfig.json) a missing element must be handled (a
    // collector records the fact as unreadable with a reason), never asserted away. Tests may keep `!`: there a
    // wrong assumption throws and fails the test, so it can never pass silently.
    files: ["src/**", "checks/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "error" },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
  ...layers,
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
  },
);
