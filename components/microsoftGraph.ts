/** appId of Microsoft Graph, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Scope of an app-only Microsoft Graph token (client credentials flow). */
export const MICROSOFT_GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
