import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capturedIo, CommandIo } from "../../tools/commands/commandIo";
import { main } from "../../tools/commands/drift/cli";
import { DriftReport } from "../../tools/commands/drift/findings";
import { DirectoryExport } from "../../tools/tenant/directory/graphTypes";
import { DeployedStack, deployStack } from "./driftState";

export const DRIFT_NOW = new Date("2026-11-22T09:30:00Z");
export const EXAMPLE_003 = path.join(
  __dirname,
  "..",
  "..",
  "examples",
  "003-jira-mail",
  "Pulumi.example.yaml",
);

export interface DriftRun {
  code: number;
  out: string;
  err: string;
}

/**
 * A stack deployed on the simulated tenant for the enclosing file (the real program on
 * `stackFile`), its state saved as `pulumi stack export` prints it, and runs of `drift` against
 * export bundles of the live objects.
 */
export class DriftSession {
  deployed!: DeployedStack;
  dir!: string;
  stateFile!: string;
  private files = 0;

  /** The tenant as it is: an export bundle to change as the portal would. */
  live(): DirectoryExport {
    return this.deployed.tenant.directory.export();
  }

  write(name: string, content: unknown): string {
    const file = path.join(this.dir, `${(this.files += 1)}-${name}`);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  }

  async run(args: string[], overrides: Partial<CommandIo> = {}): Promise<DriftRun> {
    const io = capturedIo({ cwd: this.dir, ...overrides });
    const code = await main(["node", "drift", ...args], io);
    return { code, out: io.out.join(""), err: io.err.join("") };
  }

  /** drift --state <the stack's state> --from-export <bundle> [args]. */
  async against(bundle: DirectoryExport, ...args: string[]): Promise<DriftRun> {
    return this.run([
      "--state",
      this.stateFile,
      "--from-export",
      this.write("live.json", bundle),
      ...args,
    ]);
  }

  /** The JSON report of a run against `bundle`, with its exit code. */
  async report(bundle: DirectoryExport): Promise<{ code: number; report: DriftReport }> {
    const run = await this.against(bundle, "--format", "json");
    if (run.err) throw new Error(`drift printed on stderr: ${run.err}`);
    return { code: run.code, report: JSON.parse(run.out) as DriftReport };
  }
}

export function useDriftSession(stackFile = EXAMPLE_003): DriftSession {
  const session = new DriftSession();
  beforeAll(async () => {
    session.deployed = await deployStack(stackFile, DRIFT_NOW);
    session.dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    session.stateFile = session.write("state.json", session.deployed.stackExport);
  });
  afterAll(() => fs.rmSync(session.dir, { recursive: true, force: true }));
  return session;
}

/** Findings as `kind change subject` lines (and `!` for gains), for exact comparisons. */
export function rows(report: DriftReport): string[] {
  return report.apps.flatMap((app) =>
    app.findings.map(
      (f) => `${app.key} ${f.gain ? "!" : " "} ${f.change} ${f.kind} ${f.subject} | ${f.reference}`,
    ),
  );
}
