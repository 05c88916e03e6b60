// ESLint: typescript-eslint's recommended rules everywhere, and @pulumi/eslint-plugin's rules (an
// Output interpolated into a string is a bug) with type information where Pulumi Outputs flow.
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");

module.exports = tseslint.config(
  { ignores: ["node_modules/", ".policy-pack/", "dist/", "**/*.js", "tools/engine/"] },
  ...tseslint.configs.recommended,
  {
    // No rule here reads JSDoc: skipping it saves parsing azure-native's large declaration files'
    // comments in the typed program below.
    languageOptions: { parserOptions: { jsDocParsingMode: "none" } },
    rules: {
      // Unused arguments named _x document a signature; the compiler's noUnusedLocals covers the rest.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: [
      "components/**/*.ts",
      "program/**/*.ts",
      "index.ts",
      "bootstrap/**/*.ts",
      "examples/**/*.ts",
    ],
    plugins: { "@pulumi": pulumi },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
);
