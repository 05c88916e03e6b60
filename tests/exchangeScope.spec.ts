import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { exchangeScopeScript, powerShellLiteral } from "../program/exchange/exchangeScopeScript";
import { reviewStack } from "../tools/commands/review/stackReview";
import { TYPES } from "../tools/tenant/simulatedTenant";
import { oneApp, runProgram } from "./support/simulate";

const TODAY = new Date("2026-11-22T00:00:00Z");
const CLIENT_ID = "af670f57-661f-5159-a9ab-5b53d73e1ad2";
const SP_ID = "9a10a6b1-91de-59e8-aa6d-fc88becaa141";

/** The script's line that assigns `$name`. */
function assignment(script: string, variable: string): string | undefined {
  return script.split("\n").find((line) => line.startsWith(`$${variable} = `));
}

const baseArgs = {
  appKey: "mail-alerts",
  displayName: "Proxmox Mail Alerts",
  clientId: CLIENT_ID,
  servicePrincipalObjectId: SP_ID,
};

describe("exchangeScopeScript", () => {
  it("registers the service principal, scopes one mailbox and assigns the role on that scope, idempotently", () => {
    const script = exchangeScopeScript({
      ...baseArgs,
      scope: { mailboxes: ["alerts@contoso.com"], roles: ["Application Mail.Send"] },
    });
    expect(script).toBe(
      [
        '# Exchange Online RBAC for Applications: mailbox scope for app "mail-alerts" (entra-graph-apps).',
        "# Run in Exchange Online PowerShell (Connect-ExchangeOnline) as an Exchange administrator.",
        "# Idempotent: it creates what is missing, updates the scope's filter, and changes nothing else.",
        "$ErrorActionPreference = 'Stop'",
        "",
        `$appId = '${CLIENT_ID}'`,
        `$servicePrincipalObjectId = '${SP_ID}'`,
        "$displayName = 'Proxmox Mail Alerts'",
        "$scopeName = 'entra-graph-apps-mail-alerts'",
        "$recipientFilter = 'PrimarySmtpAddress -eq ''alerts@contoso.com'''",
        "$mailboxes = @('alerts@contoso.com')",
        "$assignments = @(",
        "  @{ Role = 'Application Mail.Send'; Name = 'entra-graph-apps-mail-alerts-Mail.Send' }",
        ")",
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
      ].join("\n"),
    );
  });

  it("joins several mailboxes into one filter and assigns each role under its own name", () => {
    const script = exchangeScopeScript({
      ...baseArgs,
      scope: {
        mailboxes: ["alerts@contoso.com", "ops@contoso.com"],
        roles: ["Application Mail.Send", "Application Mail.ReadWrite"],
      },
    });
    expect(assignment(script, "recipientFilter")).toBe(
      "$recipientFilter = 'PrimarySmtpAddress -eq ''alerts@contoso.com'' -or PrimarySmtpAddress -eq ''ops@contoso.com'''",
    );
    expect(script).toContain("$mailboxes = @('alerts@contoso.com', 'ops@contoso.com')");
    expect(script).toContain(
      [
        "$assignments = @(",
        "  @{ Role = 'Application Mail.Send'; Name = 'entra-graph-apps-mail-alerts-Mail.Send' }",
        "  @{ Role = 'Application Mail.ReadWrite'; Name = 'entra-graph-apps-mail-alerts-Mail.ReadWrite' }",
        ")",
      ].join("\n"),
    );
  });

  it("keeps hostile values inside their literals: quotes, typographic quotes, $() and ; stay data", () => {
    const hostileName =
      "Bob's app'; Remove-Mailbox -Identity * -Confirm:$false; $(Stop-Computer) ’; Get-Process ‘";
    const script = exchangeScopeScript({
      ...baseArgs,
      displayName: hostileName,
      scope: { mailboxes: ["o'brien@contoso.com"], roles: ["Application Mail.Send"] },
    });
    // Inside single quotes PowerShell expands nothing; the only way out is a quote, typographic
    // ones included, and each is doubled.
    expect(assignment(script, "displayName")).toBe(
      "$displayName = 'Bob''s app''; Remove-Mailbox -Identity * -Confirm:$false; $(Stop-Computer) ’’; Get-Process ‘‘'",
    );
    // Two layers: the OPATH filter quotes the address, and PowerShell quotes the filter.
    expect(assignment(script, "recipientFilter")).toBe(
      "$recipientFilter = 'PrimarySmtpAddress -eq ''o''''brien@contoso.com'''",
    );
    expect(assignment(script, "mailboxes")).toBe("$mailboxes = @('o''brien@contoso.com')");
    // The comment header carries only the validated app key.
    expect(
      script
        .split("\n")
        .filter((line) => line.startsWith("#"))
        .join("\n"),
    ).not.toContain("Bob");
  });

  it("refuses control characters rather than let a line break end a literal", () => {
    expect(powerShellLiteral("plain")).toBe("'plain'");
    expect(powerShellLiteral("a’b‘c‚d‛e'f")).toBe("'a’’b‘‘c‚‚d‛‛e''f'");
    expect(() => powerShellLiteral("two\nlines")).toThrow(
      "refusing a control character in a PowerShell literal",
    );
  });
});

function problemsOf(settings: Record<string, unknown>): string[] {
  return validateStackConfig(
    oneApp("mail-alerts", { displayName: "Mail Alerts", ...settings }),
    TODAY,
  ).problems.map(formatProblem);
}

describe("exchange config", () => {
  it("defaults roles to Application Mail.Send", () => {
    const { apps, problems } = validateStackConfig(
      oneApp("mail-alerts", { displayName: "A", exchange: { mailboxes: ["alerts@contoso.com"] } }),
      TODAY,
    );
    expect(problems).toEqual([]);
    expect(apps[0].exchange).toEqual({
      mailboxes: ["alerts@contoso.com"],
      roles: ["Application Mail.Send"],
    });
  });

  it("refuses a tenant-wide Graph Mail, Calendars or Contacts permission next to a mailbox scope, saying why", () => {
    expect(
      problemsOf({
        exchange: { mailboxes: ["alerts@contoso.com"] },
        permissions: {
          "Microsoft Graph": { application: ["Mail.Send", "Calendars.ReadWrite", "User.Read.All"] },
        },
      }),
    ).toEqual(
      ["Mail.Send", "Calendars.ReadWrite"].map(
        (permission) =>
          `apps.mail-alerts.permissions.Microsoft Graph.application = "${permission}": is tenant-wide: as an Entra grant it reaches every mailbox and bypasses ` +
          "the mailbox scope in apps.mail-alerts.exchange (Entra and Exchange grants add up). Remove it; exchange.roles grants the matching Exchange role on the listed mailboxes only",
      ),
    );
    expect(
      problemsOf({
        exchange: { mailboxes: ["a@contoso.com"] },
        permissions: { "Office 365 Exchange Online": { application: ["full_access_as_app"] } },
      }),
    ).toHaveLength(1);
  });

  it("refuses addresses Exchange cannot filter on, unknown roles, an empty list and a multi-line display name", () => {
    expect(
      problemsOf({
        displayName: "Two\nlines",
        exchange: {
          mailboxes: ["x'; Remove-Mailbox *; '@contoso.com", "alerts"],
          roles: ["Mail.Send"],
        },
      }),
    ).toEqual([
      expect.stringMatching(
        /^apps\.mail-alerts\.displayName = "Two\\nlines": must be one line without control characters \(it is the name shown in the Entra portal and in every review\); U\+000A \(line feed\) at character 4 is one\. Remove it/,
      ),
      `apps.mail-alerts.exchange.mailboxes[0] = "x'; Remove-Mailbox *; '@contoso.com": is not a mailbox address Exchange can filter on; write it as name@contoso.com`,
      'apps.mail-alerts.exchange.mailboxes[1] = "alerts": is not a mailbox address Exchange can filter on; write it as name@contoso.com',
      expect.stringMatching(
        /^apps\.mail-alerts\.exchange\.roles\[0\] = "Mail\.Send": must be an Exchange application role: Application Mail\.Read, /,
      ),
    ]);
    expect(problemsOf({ exchange: { mailboxes: [] } })).toEqual([
      "apps.mail-alerts.exchange.mailboxes = []: must list at least one mailbox, e.g. mailboxes: [alerts@contoso.com]",
    ]);
  });
});

describe("exchange scope through the program", () => {
  it("outputs the script with the app's real client ID and service principal, in clear, and grants no Graph mail permission", async () => {
    const { tenant, resolved } = await runProgram(
      oneApp("mail-alerts", {
        displayName: "Proxmox Mail Alerts",
        exchange: { mailboxes: ["alerts@contoso.com"] },
      }),
    );
    const app = (resolved.apps.value as Record<string, Record<string, string>>)["mail-alerts"];
    const application = tenant.resource(TYPES.application, "mail-alerts");
    const sp = tenant.resource(TYPES.servicePrincipal, "mail-alerts");
    expect(resolved.apps.secret).toBe(false);
    expect(assignment(app.exchangeScopeScript, "appId")).toBe(
      `$appId = '${application.state.clientId}'`,
    );
    expect(assignment(app.exchangeScopeScript, "servicePrincipalObjectId")).toBe(
      `$servicePrincipalObjectId = '${sp.state.objectId}'`,
    );
    expect(tenant.resourcesOfType(TYPES.appRoleAssignment)).toEqual([]);
    expect(application.inputs.requiredResourceAccesses).toEqual([]);
  });

  it("adds no script output to apps without a mailbox scope", async () => {
    const { resolved } = await runProgram(oneApp("plain", { displayName: "Plain" }));
    expect(Object.keys((resolved.apps.value as Record<string, object>).plain)).not.toContain(
      "exchangeScopeScript",
    );
  });
});

describe("review of mailbox scope changes", () => {
  const appWith = (exchange?: unknown) =>
    validateStackConfig(oneApp("mail-alerts", { displayName: "A", exchange }), TODAY).apps;

  it("reports a new mailbox or role as a gain and removals as not", () => {
    const before = appWith({ mailboxes: ["alerts@contoso.com"] });
    const wider = reviewStack(
      before,
      appWith({
        mailboxes: ["alerts@contoso.com", "ceo@contoso.com"],
        roles: ["Application Mail.Send", "Application Mail.Read"],
      }),
      "s",
      "b",
    );
    expect(wider.apps[0].settings).toEqual([
      { setting: "exchange", description: "Exchange mailbox added: ceo@contoso.com", gain: true },
      {
        setting: "exchange",
        description: "Exchange role added: Application Mail.Read",
        gain: true,
      },
    ]);
    const removed = reviewStack(before, appWith(undefined), "s", "b");
    expect(removed.apps[0].settings).toEqual([
      {
        setting: "exchange",
        description: "Exchange mailbox scope removed (was alerts@contoso.com)",
        gain: false,
      },
    ]);
    expect(removed.privilegeGained).toBe(false);
    const added = reviewStack(appWith(undefined), before, "s", "b");
    expect(added.apps[0].settings).toEqual([
      {
        setting: "exchange",
        description: "Exchange mailbox scope added: Application Mail.Send on alerts@contoso.com",
        gain: true,
      },
    ]);
  });
});
