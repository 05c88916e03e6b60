import { portalApp } from "./portalApps";

// The seed guides (/work/shared/seeds) as their readers leave the tenant after following them
// by hand in the portal.

/** Seed 003: Jira "Email This Issue", with the default User.Read still requested and consented. */
export const jiraMail = () =>
  portalApp({
    objectId: "3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63",
    appId: "b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60",
    spId: "c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69",
    displayName: "Jira Email This Issue",
    access: [
      { value: "User.Read", kind: "delegated" },
      { value: "User.Read.All", kind: "application" },
      { value: "Mail.ReadWrite", kind: "application" },
      { value: "Mail.Send", kind: "application" },
    ],
    redirectUris: ["https://jira.contoso.com/plugins/servlet/oauth/callback"],
    consentIds: [
      "LnqhwGRM90W3k_fP7aRcqcIkSgXyDm9Hgs2mH0yYUrE",
      "LnqhwGRM90W3k_fP7aRcqYr1Tt6Pv0BFqLbH_aJ2v2Q",
      "LnqhwGRM90W3k_fP7aRcqaX8mMYsNd1EvWJwpu3cT9k",
      "8PfxQ2rj8UOVe6wDVjkZcx7oA1XnlNpHtH2vzs0Mf4E",
    ],
    secrets: [
      {
        keyId: "6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6",
        displayName: "Email This Issue",
        hint: "Qv7",
        end: "2027-03-14T10:25:40Z",
      },
    ],
  });

/** Seed 000: the Parts Inventory connector, User.Read removed as the guide says. */
export const partsConnector = () =>
  portalApp({
    objectId: "9d1b3c5e-7f2a-4b6d-8e0c-1a3b5c7d9e2f",
    appId: "2e4f6a8b-0c1d-4e3f-a5b6-c7d8e9f0a1b2",
    spId: "4c6e8a0b-2d3f-4a5b-9c7d-e1f2a3b4c5d6",
    displayName: "Parts Inventory Connector",
    access: [
      { value: "ExternalConnection.ReadWrite.OwnedBy", kind: "application" },
      { value: "ExternalItem.ReadWrite.OwnedBy", kind: "application" },
    ],
    consentIds: [
      "cQ3vYk1n0Ey7s9dXcT2pWm4GhJ6bLq8rVz5uNa0fEoI",
      "cQ3vYk1n0Ey7s9dXcT2pWkq9Qx2Yt7uHn3LdSg6vJbM",
    ],
    secrets: [
      {
        keyId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        displayName: "connector",
        hint: "p3Z",
        end: "2026-09-14T10:25:40Z",
      },
    ],
    // Later: the connector's deployment signs in from GitHub Actions (Certificates & secrets >
    // Federated credentials > GitHub Actions deploying Azure resources).
    federated: [
      {
        id: "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
        name: "deploy-prod",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/parts-connector:environment:prod",
        audiences: ["api://AzureADTokenExchange"],
        description: null,
      },
    ],
  });

/** Seed 001: the directory export, permissions added but admin consent not granted yet. */
export const directoryExport = () =>
  portalApp({
    objectId: "5e7a9c1d-3f5b-4d7e-9a1c-3e5f7a9b1c3d",
    appId: "6f8b0d2e-4a6c-4e8f-0b2d-4f6a8c0e2a4b",
    spId: "7a9c1e3f-5b7d-4f9a-1c3e-5a7b9d1f3a5c",
    displayName: "Identity Manager Export",
    access: [
      { value: "User.Read", kind: "delegated" },
      { value: "Directory.Read.All", kind: "application" },
    ],
    consented: [],
  });

/** Seed 002: mail alerts, Mail.Send consented, then User.Read.All added and never consented. */
export const mailAlerts = () =>
  portalApp({
    objectId: "8b0d2f4a-6c8e-4a0b-2d4f-6a8c0e2b4d6f",
    appId: "9c1e3a5b-7d9f-4b1c-3e5a-7b9d1f3c5e7a",
    spId: "0d2f4b6c-8e0a-4c2d-4f6b-8c0e2a4d6f8b",
    displayName: "Proxmox Mail Alerts",
    access: [
      { value: "Mail.Send", kind: "application" },
      { value: "User.Read.All", kind: "application" },
    ],
    consented: ["Mail.Send"],
    consentIds: ["Zk8wTq2mVb5nXc7yHd1sFa3gJe6rLp9uWo4iQt0vBnE"],
    // The guide's hardening: a certificate instead of a secret (its public key uploaded).
    extra: {
      keyCredentials: [
        {
          keyId: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
          displayName: "CN=proxmox-mail-alerts",
          type: "AsymmetricX509Cert",
          usage: "Verify",
          startDateTime: "2025-04-01T00:00:00Z",
          endDateTime: "2026-04-01T00:00:00Z",
          customKeyIdentifier: "8D6A3E1F2B4C5D6E7F8091A2B3C4D5E6F7A8B9C0",
          key: null,
        },
      ],
    },
  });
