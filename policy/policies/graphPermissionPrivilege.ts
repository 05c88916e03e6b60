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

/** 1. Graph application permissions above the allowed privilege need a justified exception. */
export const graphPermissionPrivilege: ResourceValidationPolicy = {
  name: "graph-application-permission-privilege",
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
  report(
    status === "unjustified"
      ? `${what} Microsoft Graph ${risk.value} (${why}); its allow-list entry needs a justification of at least 10 characters saying why the risk is accepted.`
      : `${what} Microsoft Graph ${risk.value} (${why}), above the allowed level ${maxLevel}. Remove it, or add { permission: "${risk.value}", justification: "..." } to this policy's allow list.`,
  );
}
