import { ExchangeScope } from "./exchangeScope";

export interface ExchangeScopeScriptArgs {
  /** App key from config ([a-z0-9-]+): names the Exchange objects. */
  appKey: string;
  displayName: string;
  /** Application (client) ID. */
  clientId: string;
  /** Object ID of the app's service principal (the Enterprise Application). */
  servicePrincipalObjectId: string;
  scope: ExchangeScope;
}

/**
 * An idempotent Exchange Online PowerShell script that limits the app to the listed mailboxes
 * with RBAC for Applications: register the service principal in Exchange, create a management
 * scope whose recipient filter matches exactly those mailboxes, assign each role on that scope,
 * then show what `Test-ServicePrincipalAuthorization` reports per mailbox.
 *
 * Every interpolated value goes into a single-quoted PowerShell literal (see `powerShellLiteral`);
 * mailbox addresses are also quoted for the OPATH filter inside it. Nothing user-supplied lands in
 * a comment or in code.
 */
export function exchangeScopeScript(args: ExchangeScopeScriptArgs): string {
  const scopeName = `entra-graph-apps-${args.appKey}`;
  const filter = args.scope.mailboxes
    .map((mailbox) => `PrimarySmtpAddress -eq ${opathLiteral(mailbox)}`)
    .join(" -or ");
  const assignments = args.scope.roles.map((role) => ({
    role,
    name: `${scopeName}-${role.replace(/^Application /, "").replace(/\s+/g, "")}`,
  }));
  return [
    `# Exchange Online RBAC for Applications: mailbox scope for app "${args.appKey}" (entra-graph-apps).`,
    "# Run in Exchange Online PowerShell (Connect-ExchangeOnline) as an Exchange administrator.",
    "# Idempotent: it creates what is missing, updates the scope's filter, and changes nothing else.",
    "$ErrorActionPreference = 'Stop'",
    "",
    `$appId = ${powerShellLiteral(args.clientId)}`,
    `$servicePrincipalObjectId = ${powerShellLiteral(args.servicePrincipalObjectId)}`,
    `$displayName = ${powerShellLiteral(args.displayName)}`,
    `$scopeName = ${powerShellLiteral(scopeName)}`,
    `$recipientFilter = ${powerShellLiteral(filter)}`,
    `$mailboxes = @(${args.scope.mailboxes.map(powerShellLiteral).join(", ")})`,
    `$assignments = @(`,
    ...assignments.map(
      ({ role, name }) =>
        `  @{ Role = ${powerShellLiteral(role)}; Name = ${powerShellLiteral(name)} }`,
    ),
    `)`,
    "",
    "if (-not (Get-ServicePrincipal -Identity $appId -ErrorAction SilentlyContinue)) {",
    "  New-ServicePrincipal -AppId $appId -ObjectId $servicePrincipalObjectId -DisplayName $displayName | Out-Null",
    "}",
    "",
    "$scope = Get-ManagementScope -Identity $scopeName -ErrorAction SilentlyContinue",
    "if (-not $scope) {",
    "  New-ManagementScope -Name $scopeName -RecipientRestrictionFilter $recipientFilter | Out-Null",
    "} elseif ($scope.RecipientFilter -ne $recipientFilter) {",
    "  Set-ManagementScope -Identity $scopeName -RecipientRestrictionFilter $recipientFilter",
    "}",
    "",
    "foreach ($assignment in $assignments) {",
    "  if (-not (Get-ManagementRoleAssignment -Identity $assignment.Name -ErrorAction SilentlyContinue)) {",
    "    New-ManagementRoleAssignment -Name $assignment.Name -App $servicePrincipalObjectId -Role $assignment.Role -CustomResourceScope $scopeName | Out-Null",
    "  }",
    "}",
    "",
    "# Each listed mailbox should show InScope = True for every role.",
    "foreach ($mailbox in $mailboxes) {",
    "  Test-ServicePrincipalAuthorization -Identity $appId -Resource $mailbox | Format-Table RoleName, GrantedPermissions, AllowedResourceScope, InScope",
    "}",
    "",
  ].join("\n");
}

/**
 * A PowerShell single-quoted string: no variable expansion or escapes inside, and the only way
 * out is a quote, so every quote is doubled. PowerShell also treats the typographic single quotes
 * (U+2018 to U+201B) as quotes; they are doubled the same way. Control characters are refused.
 */
export function powerShellLiteral(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new Error("refusing a control character in a PowerShell literal");
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/** An OPATH (recipient filter) string value: single-quoted, quotes doubled. */
function opathLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
