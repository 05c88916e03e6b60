import * as pulumi from "@pulumi/pulumi";
import { GraphAppApiPermissions } from "./graphAppArgs";
import { MICROSOFT_GRAPH_APP_ID } from "./microsoftGraph";

/**
 * The permissions of one kind an app requests, sorted: Microsoft Graph ones bare (`Mail.Send`),
 * others as `<API display name>/<value>`.
 */
export function permissionNames(
  apis: GraphAppApiPermissions[],
  kind: "applicationPermissions" | "delegatedPermissions",
): pulumi.Output<string[]> {
  const names = apis.map((api) =>
    pulumi
      .all([api.resourceAppId, api.resourceDisplayName ?? api.resourceKey])
      .apply(([appId, displayName]) =>
        (api[kind] ?? []).map((permission) =>
          appId === MICROSOFT_GRAPH_APP_ID
            ? permission.value
            : `${displayName}/${permission.value}`,
        ),
      ),
  );
  return pulumi.all(names).apply((lists) => lists.flat().sort());
}
