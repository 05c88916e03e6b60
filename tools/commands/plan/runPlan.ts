/**
 * `plan`'s work once its command line is read (cli.ts): read the stack as `pulumi up` would, run
 * the program against the simulated tenant, print the plan and the guardrails' verdict.
 */
import * as fs from "fs";
import * as path from "path";
import { CommandIo } from "../commandIo";
import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackConfigError } from "../../../program/stackConfigError";
import { readStackFile, StackFile, StackFileError } from "../../stack-files/readStackFile";
import { readProjectStack } from "../../stack-files/projectStack";
import { StackConfigRefusedError } from "../../stack-files/loadStackConfig";
import { ExportFileError, loadExport } from "../../graph/exportBundle";
import { DirectoryExport } from "../../tenant/directory/graphTypes";
import { TenantRefusedError } from "../../tenant/evaluateProgram";
import { PolicyPackConfig } from "../../../policy/evaluateGuardrails";
import { formatPlan } from "./formatPlan";
import { planJson } from "./planJson";
import { planStack } from "./planStack";
import {
  TenantPolicyFileError,
  checkStackAgainstPolicy,
  formatPolicyConflicts,
  formatPolicyNotes,
  readTenantPolicyFile,
} from "./tenantPolicy";
import { DEFAULT_POLICY_CONFIG, EXIT, PlanOptions } from "./planOptions";

export async function runPlan(options: PlanOptions, io: CommandIo): Promise<number> {
  try {
    const policyConfig = readPolicyConfig(io.cwd, options.policyConfig);
    // A stack is read as `pulumi up --stack` reads it: Pulumi.yaml, stackConfigDir, project config.
    const stackFile = options.config
      ? readStackFile(path.resolve(io.cwd, options.config))
      : readProjectStack(io.cwd, options.stack!);
    const seed = options.fromExport ? readSeed(io.cwd, options.fromExport, stackFile) : undefined;
    const now = options.now ?? io.now();
    // Credentials the tenant's policy refuses fail pulumi up halfway: report them before planning.
    const tenantPolicy = options.tenantPolicy
      ? readTenantPolicyFile(io.cwd, options.tenantPolicy)
      : undefined;
    const policyCheck =
      tenantPolicy && checkStackAgainstPolicy(stackFile, tenantPolicy, now, io.cwd);
    if (policyCheck && policyCheck.problems.length > 0) {
      io.stderr(`${formatPolicyConflicts(options.tenantPolicy!, policyCheck)}\n`);
      return EXIT.invalid;
    }
    const plan = await planStack(stackFile, now, policyConfig, { seed });
    if (policyCheck) io.stderr(`${formatPolicyNotes(options.tenantPolicy!, policyCheck)}\n`);
    io.stdout(
      (options.json
        ? JSON.stringify(planJson(plan), null, 2)
        : formatPlan(plan, io.cwd, options.policyConfig ?? DEFAULT_POLICY_CONFIG)) + "\n",
    );
    return plan.guardrails.some((verdict) => verdict.level === "mandatory")
      ? EXIT.invalid
      : EXIT.ok;
  } catch (error) {
    if (
      error instanceof StackConfigError ||
      error instanceof ConfigProblemsError ||
      error instanceof StackConfigRefusedError
    ) {
      io.stderr(`${error.message}\n`);
      return EXIT.invalid;
    }
    if (error instanceof TenantPolicyFileError) {
      io.stderr(`plan: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ExportFileError) {
      io.stderr(`plan: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof TenantRefusedError && options.fromExport) {
      io.stderr(`plan: ${error.message}\n`);
      return EXIT.invalid;
    }
    if (error instanceof StackFileError) {
      io.stderr(`plan: ${error.message}\n`);
      return EXIT.unreadable;
    }
    throw error;
  }
}

/** The export bundle to start from; its tenant must be the stack's. */
function readSeed(cwd: string, file: string, stackFile: StackFile): DirectoryExport {
  const bundle = loadExport(path.resolve(cwd, file));
  const stackTenant = stackFile.tenantId?.toLowerCase();
  if (stackTenant && stackTenant !== bundle.tenantId.toLowerCase()) {
    throw new ExportFileError(
      `${file} is an export of tenant ${bundle.tenantId}, but the stack is for tenant ${stackFile.tenantId}; export the stack's tenant`,
      1,
    );
  }
  return bundle;
}

/** The policy config named, or the project's default when it exists; `{}` otherwise. */
function readPolicyConfig(cwd: string, file: string | undefined): PolicyPackConfig {
  const chosen = file ?? DEFAULT_POLICY_CONFIG;
  const full = path.resolve(cwd, chosen);
  if (file === undefined && !fs.existsSync(full)) return {};
  let text: string;
  try {
    text = fs.readFileSync(full, "utf8");
  } catch (error) {
    throw new StackFileError(
      `${chosen} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  try {
    const config = JSON.parse(text) as unknown;
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error();
    return config as PolicyPackConfig;
  } catch {
    throw new StackFileError(
      `${chosen} is not a JSON object of policy name to settings (see policy/config.example.json)`,
    );
  }
}
