import type { DeployedChange } from "./deployedChangeBasics";
import { memberChanges } from "./deployedChangeBasics";
import { DeployedResource, DeployedStack } from "./deployedStack";

/*
 * Exchange Online has no Pulumi provider: an app's mailbox scope deploys as the
 * `exchangeScopeScript` output, run by an Exchange administrator. What it grants is read back from
 * the script the program printed (program/exchange/exchangeScopeScript.ts): the `$mailboxes` list
 * and each assignment's `Role`.
 */

/** The pseudo-resource an app's script is reported under. */
const SCRIPT_TYPE = "entra-graph-apps:outputs:exchangeScopeScript";

/** Mailbox and role changes per app; `appKeyOfOld` maps a renamed app to its base key. */
export function exchangeChanges(
  before: DeployedStack,
  after: DeployedStack,
  appKeyOfOld: Map<string | undefined, string | undefined>,
): DeployedChange[] {
  const keys = new Set([
    ...Object.keys(before.exchangeScripts),
    ...Object.keys(after.exchangeScripts),
  ]);
  const oldKeys = new Set(
    Object.keys(after.exchangeScripts).map((key) => appKeyOfOld.get(key) ?? key),
  );
  const changes: DeployedChange[] = [];
  for (const key of [...keys].sort()) {
    const nowScript = after.exchangeScripts[key];
    // A base script is compared once: with the app that continues it, or as dropped.
    if (nowScript === undefined && oldKeys.has(key)) continue;
    const oldKey = nowScript === undefined ? key : (appKeyOfOld.get(key) ?? key);
    const was = scriptScope(before.exchangeScripts[oldKey]);
    const is = scriptScope(nowScript);
    const resource: DeployedResource = {
      type: SCRIPT_TYPE,
      name: key,
      urn: "",
      aliasUrns: [],
      appKey: key,
      inputs: {},
    };
    changes.push(
      ...memberChanges(
        resource,
        "$mailboxes",
        was.mailboxes,
        is.mailboxes,
        "exchange-mailbox",
        "Exchange mailbox",
        (m) => m.toLowerCase(),
      ),
      ...memberChanges(resource, "Role", was.roles, is.roles, "exchange-role", "Exchange role"),
    );
  }
  return changes;
}

interface ScriptScope {
  mailboxes: string[];
  roles: string[];
}

/** The mailboxes and roles a scope script grants (none for no script). */
export function scriptScope(script: string | undefined): ScriptScope {
  const scope: ScriptScope = { mailboxes: [], roles: [] };
  for (const line of (script ?? "").split("\n")) {
    if (line.startsWith("$mailboxes = @(")) scope.mailboxes.push(...literals(line.slice(14)));
    const role = /^ {2}@\{ Role = (.*)$/.exec(line);
    if (role) scope.roles.push(literals(role[1])[0]);
  }
  return scope;
}

const QUOTES = "'\u2018\u2019\u201a\u201b";

/**
 * The PowerShell single-quoted literals in `text`, in order: inside one, two quote characters in
 * a row stand for one (powerShellLiteral doubles each of the five quote characters).
 */
function literals(text: string): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (!QUOTES.includes(text[index])) {
      index++;
      continue;
    }
    let value = "";
    index++;
    while (index < text.length) {
      const char = text[index];
      if (QUOTES.includes(char)) {
        if (QUOTES.includes(text[index + 1] ?? "")) {
          value += char;
          index += 2;
          continue;
        }
        index++;
        break;
      }
      value += char;
      index++;
    }
    found.push(value);
  }
  return found;
}
