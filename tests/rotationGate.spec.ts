// The scheduled rotation signs in with the main-branch credential, which the deploy identity
// trusts for prod too. The gate keeps it from applying to prod anything prod's approved
// deployment has not already run.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  approvalEnvironment,
  deployPathspecs,
  main,
  rotationGate,
} from "../tools/pipeline/rotationGate";
import { readWorkflow } from "./support/workflowChecks";

const deployYml = readWorkflow("deploy.yml").text;

describe("what the gate reads from deploy.yml", () => {
  it("prod is approved in production, dev is not approved at all", () => {
    expect(approvalEnvironment(deployYml, "prod")).toBe("production");
    expect(approvalEnvironment(deployYml, "dev")).toBeUndefined();
  });

  it("compares exactly the paths that trigger deploy.yml", () => {
    const paths: string[] = (readWorkflow("deploy.yml").on.push as { paths: string[] }).paths;
    expect(deployPathspecs(deployYml)).toEqual(
      paths.filter((p) => p !== ".github/workflows/deploy.yml").map((p) => `:(glob)${p}`),
    );
    expect(deployPathspecs(deployYml)).toContain(":(glob)Pulumi.*.yaml");
  });
});

describe("the decision", () => {
  const SHA = "0123456789abcdef0123456789abcdef01234567";
  const history = (environment: Record<string, string>) => [{ kind: "update", environment }];
  const git = (onMain: boolean, changed: string[] = []) => ({
    onMain: () => onMain,
    changedSince: () => changed,
  });

  it("dev always rotates", () => {
    expect(rotationGate("dev", undefined, [], [], git(false)).rotate).toBe(true);
  });

  it("prod rotates when main deploys exactly what prod last ran", () => {
    expect(rotationGate("prod", "production", history({ "git.head": SHA }), [], git(true))).toEqual(
      {
        rotate: true,
        level: "notice",
        message: "main deploys to prod exactly what its last update ran (0123456789ab): rotating",
      },
    );
  });

  it("prod waits while main holds a change not yet approved in production", () => {
    expect(
      rotationGate(
        "prod",
        "production",
        history({ "git.head": SHA }),
        [],
        git(true, ["Pulumi.prod.yaml"]),
      ),
    ).toEqual({
      rotate: false,
      level: "warning",
      message:
        "main changed what prod deploys since its last update (0123456789ab): Pulumi.prod.yaml. Those changes need their approval in production; the rotation of prod waits for that deploy (approve it, or revert the change)",
    });
  });

  it("prod waits after an update from outside the pipeline, from a commit not on main, or before any update", () => {
    const waits = (decision: { rotate: boolean; message: string }) =>
      !decision.rotate ? decision.message.split(":")[0] : "rotates";
    expect(waits(rotationGate("prod", "production", history({}), [], git(true)))).toBe(
      "the last update of prod did not run a clean commit (no git.head)",
    );
    expect(
      waits(
        rotationGate(
          "prod",
          "production",
          history({ "git.head": SHA, "git.dirty": "true" }),
          [],
          git(true),
        ),
      ),
    ).toMatch(/^the last update of prod did not run a clean commit/);
    expect(
      waits(rotationGate("prod", "production", history({ "git.head": SHA }), [], git(false))),
    ).toBe(`the last update of prod ran ${SHA}, which is not on main`);
    expect(waits(rotationGate("prod", "production", [], [], git(true)))).toBe(
      "prod has no update yet",
    );
  });
});

describe("the gate against a real clone", () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-gate-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repo,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  const commit = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), text);
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", file);
    return git("rev-parse", "HEAD");
  };
  let approved: string;

  beforeAll(() => {
    git("init", "-q", "-b", "main");
    commit(".github/workflows/deploy.yml", deployYml);
    approved = commit("Pulumi.prod.yaml", "config: {}\n");
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  /** Runs the gate with git for real and `pulumi stack history` answering `latest`. */
  function gate(latest: Record<string, string> | undefined) {
    const output = path.join(repo, "..", `${path.basename(repo)}-output`);
    fs.writeFileSync(output, "");
    const printed: string[] = [];
    const code = main(
      ["node", "rotationGate.ts", "prod"],
      repo,
      { GITHUB_OUTPUT: output },
      (text) => void printed.push(text),
      (command, args) => {
        if (command === "pulumi") {
          expect(args).toEqual([
            "stack",
            "history",
            "--stack",
            "prod",
            "--json",
            "--page-size",
            "1",
          ]);
          return JSON.stringify(latest ? [{ environment: latest }] : []);
        }
        return execFileSync(command, args, {
          cwd: repo,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      },
    );
    const result = { code, output: fs.readFileSync(output, "utf8"), printed: printed.join("") };
    fs.rmSync(output);
    return result;
  }

  it("rotates after a change deploy.yml ignores, waits after one it deploys", () => {
    commit("README.md", "docs only\n");
    expect(gate({ "git.head": approved })).toMatchObject({ code: 0, output: "rotate=true\n" });
    commit("program/new.ts", "export {};\n");
    const waiting = gate({ "git.head": approved });
    expect(waiting).toMatchObject({ code: 0, output: "rotate=false\n" });
    expect(waiting.printed).toMatch(
      /^::warning::main changed what prod deploys since its last update \([0-9a-f]{12}\): program\/new\.ts\./,
    );
  });

  it("waits for a commit that is not in main's history", () => {
    expect(gate({ "git.head": "f".repeat(40) })).toMatchObject({ output: "rotate=false\n" });
  });
});
