import { GraphApplication } from "../directory/graphTypes";
import { isVisible } from "./context";
import { ownerRoutes, replicatedPrincipal } from "./graphOwners";
import {
  GraphCall,
  GraphRoute,
  collection,
  entity,
  noContent,
  objectIdOfReference,
  readableOnly,
  requireReadable,
  requiredString,
  visible,
  writable,
} from "./graphRequest";

const ID = "([^/]+)";
/** Properties Graph sets itself; a PATCH or POST naming them does not change them. */
const READ_ONLY = ["id", "appId", "createdDateTime", "publisherDomain", "passwordCredentials"];
/** Beta-only properties this model does not keep, as Graph reads them back when unset. */
export const APPLICATION_DEFAULTS = { oauth2RequirePostResponse: false };
const FILTERABLE = ["id", "appId", "displayName", "signInAudience", "publisherDomain"];

function application(call: GraphCall, id: string): GraphApplication {
  return visible(call, id.toLowerCase(), call.directory.applications.get(id));
}

/**
 * Applications (https://learn.microsoft.com/graph/api/resources/application): list, create
 * with `owners@odata.bind`, read, update, delete, passwords, owners and federated credentials.
 * The Directory enforces who may write; reads need Application.Read.All or similar, or
 * ownership with Application.ReadWrite.OwnedBy.
 */
export const applicationRoutes: GraphRoute[] = [
  {
    method: "GET",
    pattern: /^\/applications$/,
    handle: (call) =>
      collection(
        call,
        "applications",
        "Application",
        readableOnly(
          call,
          call.directory.applications.list().filter((app) => isVisible(call.context, app.id)),
          "listing applications",
        ),
        FILTERABLE,
        APPLICATION_DEFAULTS,
      ),
  },
  {
    method: "POST",
    pattern: /^\/applications$/,
    handle: (call) => {
      const binds = call.body["owners@odata.bind"];
      const ownerIds = (Array.isArray(binds) ? binds : []).map((reference) =>
        replicatedPrincipal(call, objectIdOfReference(reference)),
      );
      const app = call.directory.applications.create(
        { ...writable(call.body, READ_ONLY), ownerIds },
        String(call.body.displayName ?? "application"),
      );
      return entity(call, "applications", app, 201, APPLICATION_DEFAULTS);
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/applications/${ID}$`),
    handle: (call, [id]) => {
      const app = application(call, id);
      requireReadable(call, app.id, "reading an application");
      return entity(call, "applications", app, 200, APPLICATION_DEFAULTS);
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^/applications/${ID}$`),
    handle: (call, [id]) => {
      application(call, id);
      call.directory.applications.update(id, writable(call.body, READ_ONLY));
      return noContent;
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/applications/${ID}$`),
    handle: (call, [id]) => {
      application(call, id);
      call.directory.applications.delete(id);
      return noContent;
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/applications/${ID}/addPassword$`),
    handle: (call, [id]) => {
      application(call, id);
      const requested = (call.body.passwordCredential ?? {}) as Record<string, unknown>;
      const text = (name: string) =>
        typeof requested[name] === "string" ? (requested[name] as string) : undefined;
      const credential = call.directory.applications.passwords.add(id, {
        displayName: text("displayName"),
        startDateTime: text("startDateTime"),
        endDateTime: text("endDateTime"),
      });
      return {
        status: 200,
        body: {
          "@odata.context": `${call.url.origin}/${call.version}/$metadata#microsoft.graph.passwordCredential`,
          ...credential,
        },
      };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/applications/${ID}/removePassword$`),
    handle: (call, [id]) => {
      application(call, id);
      call.directory.applications.passwords.remove(id, requiredString(call.body, "keyId"));
      return noContent;
    },
  },
  ...ownerRoutes({
    segment: "applications",
    description: "an application's",
    find: application,
    store: (call) => call.directory.applications,
  }),
  ...federatedCredentialRoutes(),
];

function federatedCredentialRoutes(): GraphRoute[] {
  const base = `^/applications/${ID}/federatedIdentityCredentials`;
  const contextPath = (id: string) => `applications('${id}')/federatedIdentityCredentials`;
  return [
    {
      method: "GET",
      pattern: new RegExp(`${base}$`),
      handle: (call, [id]) => {
        const app = application(call, id);
        requireReadable(call, app.id, "reading federated identity credentials");
        const credentials = call.directory.applications.federated
          .list(app.id)
          .filter((credential) => isVisible(call.context, credential.id));
        return collection(call, contextPath(app.id), "FederatedIdentityCredential", credentials, [
          "name",
          "issuer",
          "subject",
        ]);
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`${base}$`),
      handle: (call, [id]) => {
        const app = application(call, id);
        const body = call.body;
        const created = call.directory.applications.federated.create(
          app.id,
          {
            name: String(body.name ?? ""),
            issuer: String(body.issuer ?? ""),
            subject: String(body.subject ?? ""),
            audiences: Array.isArray(body.audiences) ? body.audiences.map(String) : [],
            description: typeof body.description === "string" ? body.description : null,
          },
          String(body.name ?? ""),
        );
        return entity(call, contextPath(app.id), created, 201);
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`${base}/${ID}$`),
      handle: (call, [id, credentialId]) => {
        const app = application(call, id);
        requireReadable(call, app.id, "reading a federated identity credential");
        const credential = call.directory.applications.federated.get(app.id, credentialId);
        return entity(
          call,
          contextPath(app.id),
          visible(call, credentialId.toLowerCase(), credential),
        );
      },
    },
    {
      method: "PATCH",
      pattern: new RegExp(`${base}/${ID}$`),
      handle: (call, [id, credentialId]) => {
        const app = application(call, id);
        visible(
          call,
          credentialId.toLowerCase(),
          call.directory.applications.federated.get(app.id, credentialId),
        );
        call.directory.applications.federated.update(
          app.id,
          credentialId,
          writable(call.body, ["id"]),
        );
        return noContent;
      },
    },
    {
      method: "DELETE",
      pattern: new RegExp(`${base}/${ID}$`),
      handle: (call, [id, credentialId]) => {
        const app = application(call, id);
        call.directory.applications.federated.delete(app.id, credentialId);
        return noContent;
      },
    },
  ];
}
