// Lint for the whole codebase (run by `npm test` before the tests). typescript-eslint's recommended rules without
// type information, so a run takes seconds; plus the few rules that guard this codebase's habits.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
  },
);
