import { outputLines } from "../../../program/outputText";
import { AuthorityHost } from "./authority";
import { describeExpiry } from "./secretExpiry";
import { textTable } from "../textTable";
import { AppResult, AppStatus } from "./verifyApps";
import { EXIT } from "./verifyOptions";

/** What was verified, for the report's first lines. */
export interface ReportContext {
  /** Where config and outputs came from, e.g. `Pulumi.dev.yaml, outputs of stack dev`. */
  source: string;
  authority: AuthorityHost;
  now: Date;
  warnDays: number;
}

/** 1 when any app could not sign in, else 6 when any token differs from config (or an app is not deployed), else 0. */
export function exitCodeFor(results: AppResult[]): number {
  if (results.some((result) => result.status === "auth-failed")) return EXIT.authFailed;
  if (results.some((result) => result.status === "mismatch" || result.status === "not-deployed"))
    return EXIT.mismatch;
  return EXIT.ok;
}

const statusLabel: Record<AppStatus, string> = {
  ok: "ok",
  mismatch: "MISMATCH",
  "auth-failed": "AUTH FAILED",
  "not-deployed": "NOT DEPLOYED",
  skipped: "skipped",
};

/**
 * The report for a terminal or a CI log: header, table, one line per problem or warning, summary.
 * Entra's messages and names from config are escaped where they stand (`outputLines`).
 */
export function formatVerifyReport(results: AppResult[], context: ReportContext): string {
  const rows = results.map((result) => [
    result.app,
    statusLabel[result.status],
    result.expected === undefined ? "(not given)" : list(result.expected),
    result.granted === undefined ? "-" : list(result.granted),
    list(result.missing),
    list(result.extra),
    describeExpiry(result.secretExpiry),
  ]);
  const notes = results.flatMap((result) => [...problemLines(result), ...expiryLines(result)]);
  return outputLines([
    `verify ${context.source}`,
    `tokens from ${context.authority.origin}, scope ${context.authority.graphScope}, as of ${context.now.toISOString().slice(0, 10)}`,
    "",
    ...textTable(
      ["App", "Result", "Expected", "Granted", "Missing", "Extra", "Secret expires"],
      rows,
    ),
    ...(notes.length > 0 ? ["", ...notes] : []),
    "",
    summary(results),
  ]);
}

/** The same findings as JSON, for scripts. */
export function verifyJson(results: AppResult[], context: ReportContext): string {
  return JSON.stringify(
    {
      source: context.source,
      authorityHost: context.authority.origin,
      scope: context.authority.graphScope,
      now: context.now.toISOString(),
      warnDays: context.warnDays,
      exitCode: exitCodeFor(results),
      apps: results,
    },
    null,
    2,
  );
}

function problemLines(result: AppResult): string[] {
  switch (result.status) {
    case "auth-failed": {
      const failure = result.failure!;
      return [
        `${result.app}: authentication failed: ${failure.code ? `${failure.code} ` : ""}${failure.explanation}`,
        ...(failure.entraMessage ? [`  Entra said: ${failure.entraMessage}`] : []),
      ];
    }
    case "mismatch":
      return [
        ...(result.missing.length > 0
          ? [
              `${result.app}: missing ${list(result.missing)}: the token does not carry ${result.missing.length === 1 ? "it" : "them"}. Admin consent is missing or not replicated yet ` +
                "(right after pulumi up, re-run in a few minutes or pass --wait 300); if it persists, check adminConsent in the config " +
                "and the app's Permissions page under Enterprise applications",
            ]
          : []),
        ...(result.extra.length > 0
          ? [
              `${result.app}: extra ${list(result.extra)}: granted outside this stack's config (portal, script or another stack). ` +
                "Remove the grant, or add the permission to the config so it is reviewed",
            ]
          : []),
      ];
    case "not-deployed":
    case "skipped":
      return [`${result.app}: ${result.reason}`];
    case "ok":
      return [];
  }
}

function expiryLines(result: AppResult): string[] {
  const expiry = result.secretExpiry;
  if (expiry.status === "expired")
    return [
      `${result.app}: WARNING: the client secret expired on ${expiry.expiresOn}: ${expiry.note}`,
    ];
  if (expiry.status === "warning") {
    return [
      `${result.app}: WARNING: the client secret expires on ${expiry.expiresOn}, in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? "" : "s"}: ${expiry.note}`,
    ];
  }
  return [];
}

function summary(results: AppResult[]): string {
  const counts: [AppStatus, string][] = [
    ["ok", "ok"],
    ["mismatch", "mismatch"],
    ["auth-failed", "authentication failed"],
    ["not-deployed", "not deployed"],
    ["skipped", "skipped"],
  ];
  const parts = counts
    .map(
      ([status, label]) =>
        [results.filter((result) => result.status === status).length, label] as const,
    )
    .filter(([count]) => count > 0)
    .map(([count, label]) => `${count} ${label}`);
  const apps = `${results.length} app${results.length === 1 ? "" : "s"}`;
  return parts.length > 0 ? `${apps}: ${parts.join(", ")}` : "no apps in the config";
}

function list(values: string[]): string {
  return values.length > 0 ? values.join(", ") : "-";
}
