import { parseGitHubSubject, sameRunsOtherForm } from "../../../program/credentials/githubSubject";
import { shown } from "./settingChange";

/*
 * A migration to GitHub's immutable subjects adds a credential beside the name-based one for the
 * same repository and runs (docs/credentials.md "Migrating to immutable subjects"). Review still lists it and
 * still counts it as a gain (it is a new trust), but says what it is instead of leaving it an
 * unexplained new way in.
 */

/** A credential as review knows it, on either side. */
export interface TrustedSubject {
  /** Its name in config, or its resource name; "" for the credential's own earlier value. */
  name: string;
  issuer: unknown;
  subject: unknown;
}

/**
 * `; the same repository, immutable form of <name>` when `subject` names the same repository
 * (by name) and runs as one of `others` from the same issuer, in the other form; else "".
 */
export function otherFormNote(issuer: unknown, subject: unknown, others: TrustedSubject[]): string {
  if (typeof subject !== "string") return "";
  const twin = others.find(
    (other) =>
      other.issuer === issuer &&
      typeof other.subject === "string" &&
      sameRunsOtherForm(other.subject, subject),
  );
  if (!twin) return "";
  const form =
    parseGitHubSubject(subject)!.form === "immutable"
      ? "immutable form"
      : "name-based (mutable) form";
  return `; the same repository, ${form}${twin.name ? ` of ${shown(twin.name)}` : ""}`;
}
