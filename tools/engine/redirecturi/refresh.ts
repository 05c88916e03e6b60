import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { redirectUriCorpus } from "./corpus";

/*
 * Regenerates verdicts.json: the corpus through main.go on Go 1.25.5 (the provider's
 * toolchain, fetched by the go command from the Go module proxy when missing):
 *   npx ts-node --transpile-only tools/engine/redirecturi/refresh.ts
 */
const cases = redirectUriCorpus();
const output = execFileSync("go", ["run", "."], {
  cwd: __dirname,
  input: JSON.stringify(cases),
  env: { ...process.env, GOTOOLCHAIN: "go1.25.5" },
  maxBuffer: 64 * 1024 * 1024,
});
const verdicts = JSON.parse(output.toString()) as {
  refusal: string | null;
  parseError: string | null;
}[];
// Go's parse error text quotes raw bytes; whether it parses is what the model must match.
const rows = cases.map((uri, i) => ({
  uri,
  refusal: verdicts[i].refusal,
  parses: verdicts[i].parseError === null,
}));
writeFileSync(
  join(__dirname, "verdicts.json"),
  `[\n${rows.map((row) => JSON.stringify(row)).join(",\n")}\n]\n`,
);
console.log(
  `verdicts.json: ${rows.length} URIs, ${rows.filter((r) => r.refusal).length} refused by the provider's check`,
);
