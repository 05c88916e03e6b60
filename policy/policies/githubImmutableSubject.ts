import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../../program/guardrails/resourceTypes";
import {
  GITHUB_ACTIONS_ISSUER,
  mutableSubjectAdvice,
  parseGitHubSubject,
} from "../../program/credentials/githubSubject";
import { known, UNKNOWN } from "./policyProps";

/**
 * 9. A federated credential trusting github.com's tokens uses GitHub's immutable subject
 * (program/credentials/githubSubject.ts). Advisory: the name-based form still works for a
 * repository GitHub has not switched, and is the only form of GitHub Enterprise Server (whose
 * issuer is its own, so it is never reported here).
 */
export const githubImmutableSubject: ResourceValidationPolicy = {
  name: "github-immutable-subject",
  description:
    "Federated credentials for GitHub Actions (github.com) trust the immutable subject (repo:owner@ID/repo@ID:...), not the mutable name-based one.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.federatedCredential) return;
    const issuer = known(() => args.props.issuer as unknown);
    const subject = known(() => args.props.subject as unknown);
    // Unknown until the update (preview): judged then, on the values pulumi up sends.
    if (issuer === UNKNOWN || subject === UNKNOWN) return;
    if (issuer !== GITHUB_ACTIONS_ISSUER || typeof subject !== "string") return;
    const parsed = parseGitHubSubject(subject);
    if (parsed?.form !== "name-based") return;
    reportViolation(
      `federated credential ${args.name} trusts ${subject}, the name-based (mutable) GitHub subject: ${mutableSubjectAdvice(parsed.repository)}.`,
    );
  },
};
