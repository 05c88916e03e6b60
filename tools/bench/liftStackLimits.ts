/**
 * Lets the program evaluate stacks above the limits of program/config/inputLimits.ts (500 apps,
 * 8,000 resources counting components: 500 apps × 10 permissions would be refused), so the
 * benchmark can measure 500 × 10 and find the largest stack that fits the heap. The checks still
 * run (same cost) and their verdict is dropped; validation, lookups, resolution and components
 * run as in `pulumi up`.
 *
 * Import it before anything else: it puts a copy of the module's exports, with the two checks
 * wrapped, in Node's module cache, so every later import gets the copy. (The exports themselves
 * cannot be patched: swc, which transpiles for ts-node, defines them as getters.)
 */
import * as path from "path";
import * as limits from "../../program/config/inputLimits";

const file = require.resolve(path.join("..", "..", "program", "config", "inputLimits"));
const cached = require.cache[file];
if (!cached) throw new Error(`${file} is not in Node's module cache`);
cached.exports = {
  ...limits,
  appCountProblem: (count: number) => void limits.appCountProblem(count),
  resourceCountProblem: (count: number) => void limits.resourceCountProblem(count),
};
