import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import {
  AllowListEntry,
  allowListStatus,
  exceedsAllowedPrivilege,
  graphApplicationPermissionRisk,
} from "../../program/guardrails/rules";
import { TYPES } from "../../program/guardrails/resourceTypes";
import { privilegeLabel } from "../../program/permissions/privilegeLevel";
import { MICROSOFT_GRAPH_APP_ID } from "../../program/permissions/wellKnownApis";
import { accessesOf } from "./policyProps";

interface PrivilegeConfig {
  maxPrivilegeLevel?: number;
  allow?: AllowListEntry[];
}

const POLICY_NAME = "graph-application-permission-privilege";
/** The policy pack config the project's stacks are planned, reviewed and deployed with. */
export const POLICY_CONFIG_FILE = "policy/config.json";

/** 1. Graph application permissions above the allowed privilege need a justified exception. */
export const graphPermissionPrivilege: ResourceValidationPolicy = {
  name: POLICY_NAME,
  description:
    "Microsoft Graph application permissions above the allowed privilege level (default: above 3, and every tenant-takeover permission) need an allow-list entry with a justification.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxPrivilegeLevel: { type: "integer", minimum: 1, maximum: 4, default: 3 },
      allow: {
        type: "array",
        default: [],
        items: {
          type: "object",
          properties: { permission: { type: "string" }, justification: { type: "string" } },
          required: ["permission"],
        },
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const config = args.getConfig<PrivilegeConfig>();
    const check = (roleId: string, what: string) =>
      checkGraphRole(
        roleId,
        what,
        config.maxPrivilegeLevel ?? 3,
        config.allow ?? [],
        reportViolation,
      );
    if (args.type === TYPES.application) {
      for (const access of accessesOf(args.props)) {
        if (access.resourceAppId !== MICROSOFT_GRAPH_APP_ID) continue;
        for (const entry of access.resourceAccesses.filter((e) => e.type === "Role"))
          check(entry.id, `app ${args.name} requests`);
      }
    } else if (args.type === TYPES.appRoleAssignment) {
      check(args.props.appRoleId, `assignment ${args.name} grants`);
    }
  },
};

function checkGraphRole(
  roleId: string,
  what: string,
  maxLevel: number,
  allow: AllowListEntry[],
  report: ReportViolation,
): void {
  const risk = graphApplicationPermissionRisk(roleId ?? "");
  if (!risk || !exceedsAllowedPrivilege(risk, maxLevel)) return;
  const status = allowListStatus(risk.value, allow);
  if (status === "allowed") return;
  const why = `${privilegeLabel(risk.privilegeLevel)}${risk.takeover ? ", tenant takeover" : ""}${risk.reason ? `: ${risk.reason}` : ""}`;
  // The project reviews its stacks against policy/config.json (plan, review, the deploy
  // workflow's --policy-pack-config), so the fix names that file and the entry exactly.
  const where = `"${POLICY_NAME}" → "allow" in ${POLICY_CONFIG_FILE}`;
  report(
    status === "unjustified"
      ? `${what} Microsoft Graph ${risk.value} (${why}); its entry under ${where} needs a "justification" of at least 10 characters saying why the risk is accepted.`
      : `${what} Microsoft Graph ${risk.value} (${why}), above the allowed level ${maxLevel}. Remove it, or accept it by adding ${allowEntryJson(risk.value)} under ${where}.`,
  );
}

/** The allow-list entry that accepts a permission, as it is written in the config file. */
export function allowEntryJson(permission: string): string {
  return `{"permission": ${JSON.stringify(permission)}, "justification": "<why the risk is accepted, 10+ characters>"}`;
}
