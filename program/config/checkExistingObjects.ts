import { AppConfig } from "./appConfig";
import { ConfigProblem } from "./configProblem";
import { isMap } from "./isMap";
import {
  APP_ROLE_ASSIGNMENT_ID,
  APPLICATION_ID,
  ExistingObjects,
  FEDERATED_CREDENTIAL_ID,
} from "./settings/existing";
import { didYouMean } from "../permissions/didYouMean";

/*
 * The checks of an app's `existing:` import IDs (their schema: settings/existing.ts) that need the
 * whole app: each import ID must name something the app declares. Apart from the schema because
 * the app's config type (appConfig.ts) itself holds the parsed `existing:` value.
 */
/** Objects in a tenant are per app: one `existing:` under `defaults` would claim them for every app. */
export function refuseExistingInDefaults(rawDefaults: unknown, problems: ConfigProblem[]): void {
  if (isMap(rawDefaults) && rawDefaults.existing !== undefined) {
    problems.push({
      path: "defaults.existing",
      value: undefined,
      message:
        "names the objects one app takes over, so it belongs under that app (apps.<key>.existing), never under defaults",
    });
  }
}

/**
 * What the import IDs must agree with: the app's own declarations (a permission, API or
 * credential it does not declare would import nothing, or something else), and each other.
 */
export function checkExistingObjects(
  app: AppConfig,
  existing: ExistingObjects | undefined,
  problems: ConfigProblem[],
): void {
  if (!existing) return;
  const path = `apps.${app.key}.existing`;
  const problem = (at: string, value: unknown, message: string) =>
    problems.push({ path: `${path}${at}`, value, message });
  const hasChildren =
    Object.keys(existing.appRoleAssignments ?? {}).length +
      Object.keys(existing.delegatedPermissionGrants ?? {}).length >
    0;
  if (existing.servicePrincipal && !existing.application) {
    problem(
      ".servicePrincipal",
      existing.servicePrincipal,
      "is set without existing.application: a service principal belongs to its application; import both, or neither",
    );
  }
  if (hasChildren && !existing.servicePrincipal) {
    problem(
      "",
      undefined,
      "imports consent (appRoleAssignments or delegatedPermissionGrants) without existing.servicePrincipal, the principal it was granted to; add it",
    );
  }
  if (hasChildren && !app.adminConsent) {
    problem(
      "",
      undefined,
      "imports consent, but adminConsent is false, so the stack registers no consent to import it into; remove the consent import IDs or set adminConsent: true",
    );
  }
  checkAssignments(app, existing, problem);
  checkGrants(app, existing, problem);
  checkFederatedCredentials(app, existing, problem);
  checkPermissionOrder(app, existing, problem);
}

function checkPermissionOrder(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  if (existing.permissionOrder && !existing.application) {
    problem(
      ".permissionOrder",
      undefined,
      "only matters when the application is imported; set existing.application or remove it",
    );
  }
  for (const [key, entries] of Object.entries(existing.permissionOrder ?? {})) {
    const request = app.permissions.find((candidate) => candidate.api.resourceKey === key);
    const declared = request
      ? [
          ...request.application.map((value) => `application ${value}`),
          ...request.delegated.map((value) => `delegated ${value}`),
        ]
      : [];
    if (!request) {
      const keys = app.permissions.map((candidate) => candidate.api.resourceKey);
      problem(
        ".permissionOrder",
        key,
        `is not an API this app declares permissions for.${didYouMean(key, keys) || ` It declares: ${keys.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const at = `.permissionOrder.${key}[${index}]`;
      if (seen.has(entry)) problem(at, entry, "is listed twice; list each permission once");
      else if (!declared.includes(entry)) {
        problem(
          at,
          entry,
          `names no permission this app declares for ${key}.${didYouMean(entry, declared) || ` It declares: ${declared.join(", ")}.`}`,
        );
      }
      seen.add(entry);
    });
  }
}

type Report = (at: string, value: unknown, message: string) => void;

function checkAssignments(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  const declared = app.permissions.flatMap((request) =>
    request.application.map((value) => `${request.api.resourceKey}/${value}`),
  );
  const resourceOf = new Map<string, { sp: string; key: string }>();
  for (const [key, id] of Object.entries(existing.appRoleAssignments ?? {})) {
    if (!declared.includes(key)) {
      problem(
        `.appRoleAssignments`,
        key,
        `is not an application permission this app declares (keys are <api key>/<permission>, e.g. graph/Mail.Send).${didYouMean(key, declared) || ` It declares: ${declared.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const resourceKey = key.slice(0, key.indexOf("/"));
    const sp = APP_ROLE_ASSIGNMENT_ID.exec(id)![1];
    const earlier = resourceOf.get(resourceKey);
    if (earlier && earlier.sp !== sp) {
      problem(
        `.appRoleAssignments.${key}`,
        id,
        `names resource service principal ${sp}, but ${earlier.key} names ${earlier.sp}; one API has one service principal in a tenant`,
      );
    } else if (!earlier) resourceOf.set(resourceKey, { sp, key });
  }
}

function checkGrants(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  const declared = app.permissions
    .filter((request) => request.delegated.length > 0)
    .map((request) => request.api.resourceKey);
  for (const key of Object.keys(existing.delegatedPermissionGrants ?? {})) {
    if (!declared.includes(key)) {
      problem(
        `.delegatedPermissionGrants`,
        key,
        `is not an API this app declares delegated permissions for (keys are API keys, e.g. graph).${didYouMean(key, declared) || ` It declares delegated permissions for: ${declared.join(", ") || "none"}.`}`,
      );
    }
  }
}

function checkFederatedCredentials(
  app: AppConfig,
  existing: ExistingObjects,
  problem: Report,
): void {
  const declared = app.federatedCredentials.map((credential) => credential.name);
  const appObjectId = existing.application && APPLICATION_ID.exec(existing.application)?.[1];
  for (const [name, id] of Object.entries(existing.federatedCredentials ?? {})) {
    if (!declared.includes(name)) {
      problem(
        `.federatedCredentials`,
        name,
        `is not a federated credential this app declares.${didYouMean(name, declared) || ` It declares: ${declared.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const owner = FEDERATED_CREDENTIAL_ID.exec(id)![1];
    if (!existing.application) {
      problem(
        `.federatedCredentials.${name}`,
        id,
        "imports a credential of an application this app does not import; set existing.application too",
      );
    } else if (appObjectId && owner !== appObjectId) {
      problem(
        `.federatedCredentials.${name}`,
        id,
        `belongs to application ${owner}, but existing.application is /applications/${appObjectId}; a credential can only be taken over with its own application`,
      );
    }
  }
}
