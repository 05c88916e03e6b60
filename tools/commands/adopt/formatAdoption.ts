import { outputLines } from "../../../program/outputText";
import { Adoption, Refusal } from "./adoptApp";
import { printable } from "./printable";
import { appsYaml } from "./stackDocument";

export interface WrittenApp {
  key: string;
  adoption: Adoption;
}

export interface AdoptionReport {
  /** Where the apps were read: the export file, or Microsoft Graph. */
  source: string;
  /** The stack file written. */
  target: string;
  /** `--stack` name, for the next steps (undefined with --config-out). */
  stack?: string;
  /** The export file to plan with, when there is one. */
  exportFile?: string;
  written: WrittenApp[];
  refused: Refusal[];
}

const RESOURCE_LABELS: [string, string][] = [
  ["application", "Application"],
  ["servicePrincipal", "ServicePrincipal"],
];

/**
 * What was written and what happens next (stdout). No secret values: there are none to print.
 * Each element of `lines` is one line, escaped by `outputLines`; in the YAML every string is
 * double-quoted, where a `\uXXXX` escape means the same character, so the printed text is the
 * same YAML.
 */
export function formatAdoption(report: AdoptionReport): string {
  const lines = [
    `adopt: ${plural(report.written.length, "app")} written to ${report.target} (read from ${report.source})${report.refused.length > 0 ? `; ${report.refused.length} refused (see above)` : ""}.`,
    "",
  ];
  for (const { key, adoption } of report.written) lines.push(...formatApp(key, adoption), "");
  lines.push(
    `Written under entra-graph-apps:apps in ${report.target}:`,
    "",
    ...appsYaml(Object.fromEntries(report.written.map((w) => [w.key, w.adoption.settings])))
      .trimEnd()
      .split("\n"),
    "",
    ...nextSteps(report),
  );
  return outputLines(lines);
}

function formatApp(key: string, adoption: Adoption): string[] {
  const existing = adoption.settings.existing as Record<string, unknown>;
  const imports: [string, string][] = [
    ...RESOURCE_LABELS.filter(([field]) => existing[field]).map(
      ([field, label]): [string, string] => [label, String(existing[field])],
    ),
    ...childImports(existing.appRoleAssignments, "AppRoleAssignment"),
    ...childImports(existing.delegatedPermissionGrants, "DelegatedPermissionGrant"),
    ...childImports(existing.federatedCredentials, "FederatedIdentityCredential"),
  ];
  const width = Math.max(...imports.map(([label]) => label.length));
  const secrets = adoption.credentials.filter((c) => c.kind === "client secret");
  return [
    `apps.${key}  "${printable(adoption.displayName)}"  (client ID ${adoption.appId}, kept)`,
    "  Taken over on the first pulumi up (Pulumi's import option, provider IDs):",
    ...imports.map(([label, id]) => `    ${label.padEnd(width)}  ${id}`),
    ...formatPermissions(adoption),
    ...(adoption.credentials.length > 0
      ? [
          "  Existing credentials: cannot be imported (Graph never returns a secret), left as they are:",
          ...adoption.credentials.map(
            (c) =>
              `    ${c.kind} "${printable(c.displayName ?? "")}"${c.hint ? ` (hint ${printable(c.hint, 8)}...)` : ""}, ends ${c.endDateTime.slice(0, 10)}, key ID ${c.keyId}`,
          ),
        ]
      : []),
    `  The config creates a new managed client secret (clientSecret: rotateEveryDays ${String((adoption.settings.clientSecret as { rotateEveryDays: number }).rotateEveryDays)})${secrets.length > 0 ? "; move consumers to it, then remove the old one" + (secrets.length > 1 ? "s" : "") : ""}.`,
    ...(adoption.notices.length > 0
      ? ["  Notes:", ...adoption.notices.map((notice) => `    - ${printable(notice, 600)}`)]
      : []),
  ];
}

function formatPermissions(adoption: Adoption): string[] {
  const apis = adoption.apis.filter((api) => api.permissions.length > 0);
  if (apis.length === 0) return ["  Permissions: none requested"];
  const consent =
    adoption.settings.adminConsent === true
      ? "admin consent granted"
      : "no admin consent taken over";
  return [
    `  Permissions (${consent}):`,
    ...apis.map((api) => {
      const of = (kind: string) =>
        api.permissions.filter((p) => p.kind === kind).map((p) => p.value);
      const parts = [
        of("application").length > 0 ? `${of("application").join(", ")} (application)` : "",
        of("delegated").length > 0 ? `${of("delegated").join(", ")} (delegated)` : "",
      ].filter(Boolean);
      return `    ${printable(api.configKey)}: ${parts.join("; ")}`;
    }),
  ];
}

function childImports(map: unknown, label: string): [string, string][] {
  return Object.entries((map ?? {}) as Record<string, string>).map(([name, id]) => [
    `${label} ${printable(name)}`,
    id,
  ]);
}

/**
 * Commands a user can paste as printed (tests/adoptNextSteps.spec.ts runs them): no placeholders,
 * only options each command has, paths shell-quoted. The stack file is not committed yet, so
 * review compares the working tree with HEAD; a new file (--config-out) is reviewed against
 * nothing. A stack file that is not Pulumi.<stack>.yaml in the project folder deploys with
 * `--config-file`, and drift reads that stack's state from a `pulumi stack export` file.
 */
function nextSteps(report: AdoptionReport): string[] {
  const stack = report.stack ?? stackOfFile(report.target);
  const file = shellQuoted(report.target);
  const pulumiArgs = stack ? ` --stack ${stack}` : ` --config-file ${file}`;
  const review = report.stack ? `--stack ${report.stack} --base HEAD` : `--after ${file}`;
  const plan = `${stack ? `--stack ${stack}` : `--config ${file}`}${report.exportFile ? ` --from-export ${shellQuoted(report.exportFile)}` : ""}`;
  const drift = stack
    ? `npm run drift -- --stack ${stack}`
    : `pulumi stack export --file state.json && npm run drift -- --state state.json`;
  // Certificates are removed with --cert (az ad app credential delete); secrets without it.
  const credentials = report.written.flatMap(({ adoption }) =>
    adoption.credentials.map((c) => ({
      appId: adoption.appId,
      keyId: c.keyId,
      cert: c.kind === "certificate" ? " --cert" : "",
    })),
  );
  return [
    "Next steps:",
    `  1. Review the change (${report.stack ? "against your last commit, before you commit it" : "every app is new"}; a pull request gets the same review as a comment):`,
    `       npm run review -- ${review}`,
    `  2. Check the plan${report.exportFile ? " and every import against the export, offline" : " offline (save an export with adopt --save-export to check the imports too)"}:`,
    `       npm run plan -- ${plan}`,
    `  3. Import the objects above (same client ID, nothing recreated) and create the new client secret:`,
    `       pulumi up${pulumiArgs}`,
    `  4. Move consumers to the new secret:`,
    `       pulumi stack output clientSecrets --show-secrets${stack ? ` --stack ${stack}` : ""}`,
    ...(credentials.length > 0
      ? [
          "  5. Then remove each old credential (portal: Certificates & secrets > Delete, or):",
          ...credentials.map(
            (c) =>
              `       az ad app credential delete --id ${c.appId} --key-id ${c.keyId}${c.cert}`,
          ),
          "  6. drift then no longer reports them:",
          `       ${drift}`,
        ]
      : []),
  ];
}

/** The stack a file is for when it is Pulumi.<stack>.yaml in the project folder, else undefined. */
function stackOfFile(file: string): string | undefined {
  return /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(file)?.[1];
}

/** A path as a POSIX shell reads it: as is when plain, else in single quotes. */
export function shellQuoted(text: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Why each refused app was not written (stderr). */
export function formatRefusals(refused: Refusal[]): string {
  return refused
    .map((refusal) => [
      `adopt: refused "${printable(refusal.displayName)}" (appId ${refusal.appId}); nothing written for it:`,
      ...refusal.reasons.map((reason) => `  - ${printable(reason, 600)}`),
    ])
    .map(outputLines)
    .join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
