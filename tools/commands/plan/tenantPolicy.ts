import * as fs from "fs";
import * as path from "path";
import { ConfigProblem, formatProblem } from "../../../program/config/configProblem";
import { escapeInvisible, redactInput } from "../../../program/config/redaction";
import {
  TenantAppManagementPolicy,
  tenantAppManagementPolicySchema,
} from "../../../program/credentials/appManagementPolicy";
import {
  PolicyCheck,
  credentialPolicyConflicts,
} from "../../../program/credentials/credentialPolicyConflicts";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { StackFile } from "../../stack-files/readStackFile";

/** A policy file is one small JSON object; anything larger is not one (Graph's is a few KB). */
export const MAX_TENANT_POLICY_BYTES = 1024 * 1024;

/** A `--tenant-policy` file that cannot be used: exit 2 when unreadable, 1 when not a policy. */
export class TenantPolicyFileError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "TenantPolicyFileError";
  }
}

const SAVE_HINT =
  "save it with: az rest --url https://graph.microsoft.com/v1.0/policies/defaultAppManagementPolicy > tenant-policy.json";

/**
 * Reads the tenant's default app management policy as `GET /policies/defaultAppManagementPolicy`
 * returns it, and reports every problem in it at once, each with its JSON path.
 */
export function readTenantPolicyFile(cwd: string, file: string): TenantAppManagementPolicy {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    const stat = fs.statSync(full);
    if (!stat.isFile()) throw new TenantPolicyFileError(`${file} is not a file; ${SAVE_HINT}`, 2);
    if (stat.size > MAX_TENANT_POLICY_BYTES) {
      throw new TenantPolicyFileError(
        `${file} is ${stat.size} bytes, more than a policy can be (limit ${MAX_TENANT_POLICY_BYTES}); is it the right file? ${SAVE_HINT}`,
        1,
      );
    }
    text = fs.readFileSync(full, "utf8");
  } catch (error) {
    if (error instanceof TenantPolicyFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new TenantPolicyFileError(
      `${file} cannot be read (${code === "ENOENT" ? "it does not exist" : code}); ${SAVE_HINT}`,
      2,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new TenantPolicyFileError(`${file} is not JSON; ${SAVE_HINT}`, 1);
  }
  const parsed = tenantAppManagementPolicySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(the whole file)";
    return `  - ${escapeInvisible(redactInput(where))}: ${issue.message}`;
  });
  throw new TenantPolicyFileError(
    [
      `${file} is not a tenantAppManagementPolicy (GET /policies/defaultAppManagementPolicy):`,
      ...lines,
    ].join("\n"),
    1,
  );
}

/**
 * The stack's credentials against the policy. Undefined when the stack config itself is invalid:
 * the plan reports that as `pulumi up` would, and credentials are checked once it is fixed.
 */
export function checkStackAgainstPolicy(
  stackFile: StackFile,
  policy: TenantAppManagementPolicy,
  now: Date,
  projectDir: string,
): PolicyCheck | undefined {
  let version;
  try {
    version = loadStackVersion(stackFile.pulumiConfig, now, projectDir);
  } catch {
    return undefined;
  }
  if (version.problems.length > 0) return undefined;
  return credentialPolicyConflicts(version.apps, { tenantDefault: policy }, now);
}

/** The conflicts, as config problems `pulumi up` would otherwise meet halfway. */
export function formatPolicyConflicts(file: string, check: PolicyCheck): string {
  const problems: ConfigProblem[] = check.problems;
  const count = problems.length === 1 ? "1 credential" : `${problems.length} credentials`;
  return [
    `plan: ${count} of this stack ${problems.length === 1 ? "conflicts" : "conflict"} with the tenant's app management policy (${file}); pulumi up would fail when adding them, after creating the apps:`,
    ...problems.map((problem) => `  - ${formatProblem(problem)}`),
    ...check.notes.map((note) => `  note: ${note}`),
  ].join("\n");
}

/** What was checked, and what the check assumed. */
export function formatPolicyNotes(file: string, check: PolicyCheck): string {
  return [
    `Tenant app management policy (${file}): no credential of this stack conflicts with it.`,
    ...check.notes.map((note) => `  note: ${note}`),
  ].join("\n");
}
