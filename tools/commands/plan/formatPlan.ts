import * as path from "path";
import { outputLines } from "../../../program/outputText";
import { privilegeLabel } from "../../../program/permissions/privilegeLevel";
import { textTable } from "../textTable";
import { TYPES } from "../../tenant/simulatedTenant";
import { POLICY_CONFIG_FILE } from "../../../policy/policies/graphPermissionPrivilege";
import { formatGuardrails } from "./formatGuardrails";
import { PlanResult, PlannedApp, PlannedResource } from "./planStack";

/**
 * What `pulumi up` would do, for a terminal. Secret outputs are masked. Each element of `lines`
 * is one line: a newline or control character in a value (a subject, a display name) is shown
 * escaped where it stands, never as a line of its own (program/outputText.ts).
 */
export function formatPlan(
  plan: PlanResult,
  cwd: string,
  policyConfigFile = POLICY_CONFIG_FILE,
): string {
  const all = plan.apps.flatMap((app) => app.resources);
  const imports = all.filter((resource) => resource.op === "import").length;
  const creates = all.length - imports;
  const lines = [
    `Plan for ${path.relative(cwd, plan.stackFile) || plan.stackFile} (simulated tenant ${plan.tenantId}, as of ${plan.now.toISOString().slice(0, 10)})`,
    "",
  ];
  for (const app of plan.apps) lines.push(...formatApp(app), "");
  lines.push("Outputs:", ...formatOutputs(plan), "");
  lines.push(...formatGuardrails(plan, policyConfigFile), "");
  const apps = `${plan.apps.length} app${plan.apps.length === 1 ? "" : "s"}`;
  lines.push(
    imports === 0
      ? `${creates} resources to create for ${apps}.`
      : `${creates} resources to create and ${imports} to import (adopted, = above) for ${apps}.`,
  );
  const changedAfterImport = all.filter((resource) => resource.afterImport);
  if (changedAfterImport.length > 0) {
    lines.push(
      `${changedAfterImport.length} adopted object${changedAfterImport.length === 1 ? "" : "s"} would be changed right after the import: the live object differs from the config (npm run adopt again on a fresh export, or accept the change):`,
      ...changedAfterImport.map(
        (r) =>
          `  ~ ${r.name} (${r.type.split(":").pop()}): ${r.afterImport!.op} ${r.afterImport!.changes.join(", ")}`,
      ),
    );
  }
  if (imports > 0 && !plan.importsChecked) {
    lines.push(
      "Imports not checked against the objects they take over: plan with --from-export <file> (the export adopt read, or a new one) to check them.",
    );
  }
  return outputLines(lines);
}

function formatApp(app: PlannedApp): string[] {
  const typeWidth = Math.max(...app.resources.map((resource) => resource.type.length));
  return [
    `${app.key}  "${app.displayName}"`,
    ...app.resources.map(
      (resource) =>
        `  ${symbol(resource)} ${resource.type.padEnd(typeWidth)}  ${resource.name}${detail(resource, app)}`,
    ),
    "",
    ...indent(
      table(
        ["API", "Permission", "Kind", "Privilege", "Admin consent"],
        app.permissions.map((row) => [
          row.api,
          row.permission,
          row.kind,
          privilegeLabel(row.privilegeLevel),
          row.adminConsent,
        ]),
      ),
      "  ",
    ),
    ...(app.exchangeScopeScript
      ? [
          "",
          `  Exchange mailbox scope: after \`pulumi up\`, run the apps.${app.key}.exchangeScopeScript output in Exchange Online PowerShell`,
        ]
      : []),
  ];
}

/** Pulumi's preview symbols: `+` create, `=` import. */
function symbol(resource: PlannedResource): string {
  return resource.op === "import" ? "=" : "+";
}

/** For credentials: validity, and which password the `clientSecrets` output hands out. */
function detail(resource: PlannedResource, app: PlannedApp): string {
  if (resource.op === "import") {
    const after = resource.afterImport;
    return `  (import ${resource.importId}${after ? `, then ${after.op}: ${after.changes.join(", ")}` : ""})`;
  }
  if (resource.type === TYPES.applicationCertificate)
    return `  (until ${String(resource.inputs.endDate).slice(0, 10)})`;
  if (resource.type === TYPES.federatedCredential) return `  (${resource.inputs.subject})`;
  if (resource.type !== TYPES.applicationPassword) return "";
  // A password starts when Graph creates it, so only its end is planned.
  const current = resource.inputs.endDate === app.clientSecretExpiresOn ? ", current" : "";
  return `  (until ${String(resource.inputs.endDate).slice(0, 10)}${current})`;
}

function formatOutputs(plan: PlanResult): string[] {
  return Object.entries(plan.outputs).flatMap(([name, output]) => {
    if (!output.secret)
      return `  ${name}: ${JSON.stringify(output.value, abbreviateScripts, 2)}`
        .split("\n")
        .map((line, index) => (index === 0 ? line : `  ${line}`));
    const keys = Object.keys((output.value ?? {}) as object);
    return [`  ${name}: [secret] ${keys.length > 0 ? `(${keys.join(", ")})` : ""}`.trimEnd()];
  });
}

/** Scripts are read with `pulumi stack output`, not in a plan: show their size only. */
function abbreviateScripts(key: string, value: unknown): unknown {
  return key === "exchangeScopeScript" && typeof value === "string"
    ? `<PowerShell script, ${value.split("\n").length} lines>`
    : value;
}

function table(header: string[], rows: string[][]): string[] {
  return rows.length === 0 ? ["(no permissions requested)"] : textTable(header, rows);
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => prefix + line);
}
