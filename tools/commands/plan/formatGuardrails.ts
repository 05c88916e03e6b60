import { GuardrailVerdict } from "../../../policy/evaluateGuardrails";
import { allowEntryJson } from "../../../policy/policies/graphPermissionPrivilege";
import { PlanResult } from "./planStack";

const PRIVILEGE_POLICY = "graph-application-permission-privilege";

/**
 * The guardrail verdicts, mandatory first: what `pulumi preview --policy-pack policy` would say,
 * once per app. The policy pack checks a Graph permission on the app that requests it and again
 * on the assignment that grants it (an assignment can exist without the request), so the same
 * finding arrives twice for one app; a newcomer reads it once. When a permission is above the
 * allowed level, the lines end with the exact entry to add to the policy config file.
 */
export function formatGuardrails(plan: PlanResult, policyConfigFile: string): string[] {
  const verdicts = oncePerApp(plan);
  const mandatory = verdicts.filter((verdict) => verdict.level === "mandatory");
  const advisory = verdicts.filter((verdict) => verdict.level === "advisory");
  const head =
    mandatory.length === 0
      ? "Guardrails: every mandatory policy passes."
      : `Guardrails: ${mandatory.length} mandatory violation${mandatory.length === 1 ? "" : "s"}; pulumi up with the policy pack would stop:`;
  return [
    head,
    ...mandatory.map((verdict) => `  ✗ ${verdict.policy}: ${verdict.message}`),
    ...advisory.map((verdict) => `  ! ${verdict.policy} (advisory): ${verdict.message}`),
    ...allowListFix(mandatory, policyConfigFile),
  ];
}

/** A Graph permission finding without its subject ("app x requests", "assignment y grants"). */
const SUBJECT = /^(?:app|assignment) \S+ (?:requests|grants) /;

function oncePerApp(plan: PlanResult): GuardrailVerdict[] {
  const appOf = new Map(
    plan.apps.flatMap((app) => app.resources.map((resource) => [resource.urn, app.key] as const)),
  );
  const seen = new Set<string>();
  return plan.guardrails.filter((verdict) => {
    const app = verdict.urn === undefined ? undefined : appOf.get(verdict.urn);
    if (verdict.policy !== PRIVILEGE_POLICY || app === undefined) return true;
    const key = JSON.stringify([app, verdict.level, verdict.message.replace(SUBJECT, "")]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The allow-list section to add for each permission refused as above the allowed level. */
function allowListFix(mandatory: GuardrailVerdict[], policyConfigFile: string): string[] {
  const permissions = [
    ...new Set(
      mandatory
        .filter((verdict) => verdict.policy === PRIVILEGE_POLICY)
        .map((verdict) =>
          /Microsoft Graph (\S+) \(.*, above the allowed level/.exec(verdict.message),
        )
        .filter((match) => match !== null)
        .map((match) => match[1]),
    ),
  ];
  if (permissions.length === 0) return [];
  return [
    "",
    `To accept ${permissions.length === 1 ? "this permission" : "these permissions"}, add inside the outer { } of ${policyConfigFile} (create the file as {} if it is missing), replacing each justification with why the risk is accepted (a reviewer reads it):`,
    `  "${PRIVILEGE_POLICY}": {`,
    `    "allow": [`,
    ...permissions.map(
      (permission, index) =>
        `      ${allowEntryJson(permission)}${index < permissions.length - 1 ? "," : ""}`,
    ),
    "    ]",
    "  }",
    `If "${PRIVILEGE_POLICY}" is already there, add the entries to its "allow" list. Then plan again; review shows the entry to the approver as guardrail-allow-listed.`,
  ];
}
