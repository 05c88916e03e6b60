// Nothing a run makes under the temporary folder outlives it: the emulator's folder (its CA file,
// and the CLI's emulator.env with a deployer secret) goes when it closes, its TLS key is never on
// disk while it runs, and every folder a test file makes is removed after it
// (tests/support/temporaryFolders.ts), which only works while mkdtempSync is the way folders are
// made under os.tmpdir().
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { loadExport } from "../tools/graph/exportBundle";

const ROOT = path.join(__dirname, "..");
const made = () => (globalThis as { temporaryFoldersMade?: string[] }).temporaryFoldersMade!;
const entries = () => new Set(fs.readdirSync(os.tmpdir()));

it("the emulator, started on the shipped seed and stopped, leaves no folder of its own behind; its key is never on disk", async () => {
  const before = entries();
  const from = made().length;
  const emulator = await EntraEmulator.start({
    tenantId: "11111111-2222-3333-4444-555555555555",
    seed: loadExport(path.join(ROOT, "examples", "003-jira-mail", "tenant.json")),
  });
  const ownFolders = made().slice(from);
  expect(ownFolders.map((dir) => path.dirname(dir))).toEqual([os.tmpdir()]);
  const folder = path.dirname(emulator.caFile);
  expect(ownFolders).toEqual([folder]);
  expect(fs.readdirSync(folder)).toEqual(["cert.pem"]);
  // As `npm run emulator` does: the deployer's secret beside the CA file.
  fs.writeFileSync(path.join(folder, "emulator.env"), "ARM_CLIENT_SECRET=x\n", { mode: 0o600 });
  expect(emulator.directory.export().applications.map((app) => app.displayName)).toEqual([
    "Jira Email This Issue",
  ]);
  await emulator.close();
  expect(fs.existsSync(folder)).toBe(false);
  // What is new in the temporary folder now is another worker's, never this emulator's.
  expect([...entries()].filter((name) => !before.has(name))).not.toContain(path.basename(folder));
});

it("every folder tests and tools make under the temporary folder is made with mkdtempSync (the one call the clean-up tracks)", () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(full);
      return /\.(ts|js)$/.test(entry.name) ? [full] : [];
    });
  const untracked = [...sources(path.join(ROOT, "tests")), ...sources(path.join(ROOT, "tools"))]
    .filter((file) => !file.endsWith("temporaryFolders.spec.ts"))
    .flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) =>
          /\bmkdtemp\(|promises\.mkdtemp|mkdirSync\(path\.join\(os\.tmpdir\(\)/.test(line),
        )
        .map((line) => `${path.relative(ROOT, file)}: ${line.trim()}`),
    );
  expect(untracked).toEqual([]);
});
