// The loader's reading of scalars, checked against answers recorded from Pulumi's own Go loader
// (tools/engine/cmd/stack-config, Pulumi 3.248, gopkg.in/yaml.v3 v3.0.1) for each plain form:
// what `pulumi up` hands the program. `npm run test:loader-parity` compares the two loaders on a
// generated corpus wherever Go is installed; this keeps the recorded answers in `npm test`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { loadStackConfig } from "../tools/stack-files/loadStackConfig";
import { workingTreeFiles } from "../tools/stack-files/projectFiles";
import { StackFileError } from "../tools/stack-files/stackFileError";
import { writeProjectFile } from "./support/projectFolder";

/** Plain scalar as written → the JSON value Pulumi's Go loader handed over (recorded). */
const RECORDED: [string, unknown][] = [
  ["010", 8],
  ["0o10", 8],
  ["0x1F", 31],
  ["0b101", 5],
  ["1_000", 1000],
  ["09", 9],
  ["1e3", 1000],
  [".5", 0.5],
  ["+12", 12],
  ["-0b11", -3],
  ["0b-1", -1],
  ["9223372036854775807", 9223372036854775807],
  ["1.0", 1],
  ["true", true],
  ["True", true],
  ["yes", "yes"],
  ["on", "on"],
  ["off", "off"],
  ["y", "y"],
  ["~", null],
  ["null", null],
  ["", null],
  ["2027-06-30", "2027-06-30 00:00:00 +0000 UTC"],
  ["2027-6-3", "2027-06-03 00:00:00 +0000 UTC"],
  ["2027-06-30T10:20:30Z", "2027-06-30 10:20:30 +0000 UTC"],
  ["2027-06-30 10:20:30.500", "2027-06-30 10:20:30.5 +0000 UTC"],
  ["2027-02-30", "2027-02-30"],
  ["2027-06-30t10:20:30.123456789Z", "2027-06-30 10:20:30.123456789 +0000 UTC"],
  ["1e400", "1e400"],
  ["0.1e-7", 1e-8],
  ["'010'", "010"],
  ['"true"', "true"],
  ["0x_1F", 31],
  ["1__0", 10],
  ["+0x10", 16],
  ["00", 0],
  ["0o", "0o"],
  ["3:25", "3:25"],
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** The config `pulumi up --stack dev` would hand the program for this stack file text. */
function load(stackText: string): Record<string, string> {
  const dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "loader-")));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackText);
  return loadStackConfig(workingTreeFiles(dir), "dev").config;
}

describe("the stack config loader", () => {
  it("types every plain scalar form as Pulumi's Go loader did", () => {
    const lines = RECORDED.map(([form], i) => `    k${i}: ${form}`);
    const config = load(`config:\n  entra-graph-apps:v:\n${lines.join("\n")}\n`);
    const read = JSON.parse(config["entra-graph-apps:v"]) as Record<string, unknown>;
    expect(RECORDED.map(([form], i) => [form, read[`k${i}`]])).toEqual(RECORDED);
  });

  it('hands a top-level scalar over as text: the number as Go prints it, a missing value as ""', () => {
    expect(load("config:\n  entra-graph-apps:a: 010\n  entra-graph-apps:b:\n  c: off\n")).toEqual({
      "entra-graph-apps:a": "8",
      "entra-graph-apps:b": "",
      "entra-graph-apps:c": "off",
    });
  });

  it("reads any quoted text back as exactly that text, whatever it looks like", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 30 }), (text) => {
        const quoted = JSON.stringify(text).replace(/\\u007f/g, "\\x7f");
        const config = load(`config:\n  entra-graph-apps:x: ${quoted}\n`);
        expect(config["entra-graph-apps:x"]).toBe(text);
      }),
      { seed: 24, numRuns: 60 },
    );
  });

  it("refuses, naming file and path, what it cannot read as Pulumi would", () => {
    const refusal = (text: string) => {
      try {
        load(text);
      } catch (error) {
        if (error instanceof StackFileError) return error.message.split("\n").slice(1).join("\n");
        throw error;
      }
      return "accepted";
    };
    expect(refusal("config:\n  entra-graph-apps:x: !!str 010\n")).toBe(
      "  - Pulumi.dev.yaml: config.entra-graph-apps:x has the explicit tag !!str; remove it (quote a value to keep it text)",
    );
    expect(refusal("config:\n  defaults: {}\n  entra-graph-apps:defaults: {}\n")).toMatch(
      /^ {2}- Pulumi\.dev\.yaml: config\.entra-graph-apps:defaults and config\.defaults both name entra-graph-apps:defaults, and Pulumi keeps one of them at random; keep one$|^ {2}- Pulumi\.dev\.yaml: config\.defaults and config\.entra-graph-apps:defaults both name/,
    );
    expect(refusal("config:\n  entra-graph-apps:x: 2027-06-30T10:00:00+02:00\n")).toBe(
      "  - Pulumi.dev.yaml: config.entra-graph-apps:x 2027-06-30T10:00:00+02:00 has a zone offset, which Go renders from the deploying machine's time zone; use Z (UTC) or a date",
    );
    expect(refusal("environment: [prod]\nconfig: {}\n")).toBe(
      "  - Pulumi.dev.yaml: environment imports Pulumi ESC environments, whose values join the config at deploy time and cannot be reviewed offline; set the values in config: instead",
    );
  });
});
