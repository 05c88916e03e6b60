// Dependency rules, checked by `npm run deps` (part of `npm test`): the structure ARCHITECTURE
// describes, enforced so it cannot drift. Type-only imports count: a cycle through types still
// couples two modules, and a layer reached only for a type is still reached.
//
//   components/  a library: imports nothing else from the repository
//   program/     may import components/, never tools/
//   tools/       may import program/ and components/ (never deployed)
//   policy/      the guardrail pack: policy/ and the program modules its rules share
//                (program/guardrails, program/permissions, program/credentials/githubSubject),
//                which it stages for publishing (policy/stagePack.ts); npm: @pulumi/policy, pulumi
//   examples/    components/ only
"use strict";

/** The program modules the policy pack's rules share (and stagePack.ts copies with it). */
const POLICY_PACK_PROGRAM_MODULES = [
  "^program/guardrails/",
  "^program/permissions/",
  "^program/credentials/githubSubject[.]ts$",
];

/** The repository outside policy/. */
const REPOSITORY = "^(components|program|tools|bootstrap|examples|tests|bin)/|^index[.]ts$";

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment:
        "Import cycles make load order decide behaviour (a value read before its module finished " +
        "loading is undefined). Move the shared piece into a small module both sides import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "components-stand-alone",
      severity: "error",
      comment:
        "components/ is a library another program can use: it imports nothing else from this " +
        "repository (ARCHITECTURE: components <- program <- tools).",
      from: { path: "^components/" },
      to: { path: "^(program|tools|policy|bootstrap|examples|tests|bin)/|^index[.]ts$" },
    },
    {
      name: "program-not-tools",
      severity: "error",
      comment:
        "program/ is what `pulumi up` runs; tools/ are never deployed. Dependencies point one way " +
        "(components <- program <- tools): move what both need into program/.",
      from: { path: "^program/" },
      to: { path: "^(tools|policy|bootstrap|examples|tests|bin)/|^index[.]ts$" },
    },
    {
      name: "policy-pack-self-contained",
      severity: "error",
      comment:
        "The policy pack is staged and published on its own (policy/stagePack.ts copies what " +
        "policy/index.ts reaches): besides policy/ it may reach only the program modules its " +
        "rules share, program/guardrails, program/permissions and program/credentials/githubSubject.",
      from: { path: "^policy/index[.]ts$" },
      to: { reachable: true, path: REPOSITORY, pathNot: POLICY_PACK_PROGRAM_MODULES },
    },
    {
      name: "policy-pack-packages",
      severity: "error",
      comment:
        "A published pack installs only what policy/package.json lists: of npm packages, the " +
        "pack may reach @pulumi/policy and @pulumi/pulumi.",
      from: { path: "^policy/index[.]ts$" },
      to: {
        reachable: true,
        path: "^node_modules/",
        pathNot: "^node_modules/@pulumi/(policy|pulumi)/",
      },
    },
    {
      name: "examples-use-the-library",
      severity: "error",
      comment:
        "Examples show what another program can do with the published components: they import " +
        "components/ (as entra-graph-apps/components) and nothing else from this repository.",
      from: { path: "^examples/" },
      to: { path: "^(program|tools|policy|bootstrap|tests|bin)/|^index[.]ts$" },
    },
    {
      name: "policy-not-reached-by-program",
      severity: "error",
      comment:
        "The program does not depend on the policy pack; the pack checks the program's output.",
      from: { path: "^(components|program)/" },
      to: { path: "^policy/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^tools/engine/|[.]d[.]ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Node's own modules and packages are not part of these rules.
    moduleSystems: ["cjs", "es6"],
  },
};
