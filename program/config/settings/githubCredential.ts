import { z } from "zod";
import { noControlCharacters } from "../controlCharacters";
import {
  GITHUB_ID,
  GITHUB_REPOSITORY,
  GitHubRepositoryRef,
  GitHubSubjectSpec,
  githubIdsCommand,
} from "../../credentials/githubSubject";

/*
 * `federatedCredentials.<name>.github`: the repository, its immutable IDs and the runs to trust,
 * from which the token subject is built (program/credentials/githubSubject.ts has both forms).
 */

/** An environment, branch or tag name: it becomes part of the token subject (sub claim). */
function githubName(what: string) {
  return z
    .string({ error: `must be the ${what} name as text` })
    .min(1, { error: `must not be empty; write the ${what} name` })
    .superRefine(
      noControlCharacters(
        `it becomes part of the token subject, and GitHub never issues a ${what} name holding one, so the credential could never be used`,
      ),
    );
}

/**
 * GitHub's numeric owner or repository ID: a YAML integer or a string of digits, kept as digits
 * (it is only ever written into the subject). Refused otherwise, since a subject holding anything
 * else never matches a token.
 */
function githubId(what: "owner" | "repository") {
  return z
    .unknown()
    .transform((value, ctx) => {
      const digits =
        typeof value === "number" && Number.isSafeInteger(value) && value > 0
          ? String(value)
          : typeof value === "string" && GITHUB_ID.test(value) && value.length <= 19
            ? value
            : undefined;
      if (digits !== undefined) return digits;
      ctx.addIssue({
        code: "custom",
        message: `must be the ${what}'s numeric GitHub ID, a whole number above 0 without leading zeros (gh api repos/OWNER/REPO --jq '.id, .owner.id' prints the repository ID, then the owner ID)`,
      });
      return z.NEVER;
    })
    .meta({
      // What the transform accepts, as JSON Schema can say it (for editors; see tools/config-docs/).
      type: ["integer", "string"],
      minimum: 1,
      pattern: "^[1-9][0-9]{0,18}$",
      description: `The ${what}'s numeric GitHub ID (gh api repos/OWNER/REPO --jq '.id, .owner.id').`,
    });
}

export const githubSpecSchema = z
  .strictObject(
    {
      repository: z.string().regex(GITHUB_REPOSITORY, { error: 'must be "org/repo"' }),
      ownerId: githubId("owner").optional(),
      repositoryId: githubId("repository").optional(),
      environment: githubName("environment").optional(),
      branch: githubName("branch").optional(),
      tag: githubName("tag").optional(),
      pullRequest: z.literal(true, { error: "must be true" }).optional(),
    },
    {
      error:
        "must be { repository: org/repo, ownerId and repositoryId (GitHub's numeric IDs), and one of environment, branch, tag or pullRequest: true }",
    },
  )
  .refine(
    (spec) =>
      [spec.environment, spec.branch, spec.tag, spec.pullRequest].filter((v) => v !== undefined)
        .length === 1,
    {
      error:
        "set exactly one of environment, branch, tag or pullRequest: true (each is a different token subject)",
    },
  )
  .superRefine((spec, ctx) => {
    if ((spec.ownerId === undefined) === (spec.repositoryId === undefined)) return;
    const [given, missing] =
      spec.ownerId === undefined ? ["repositoryId", "ownerId"] : ["ownerId", "repositoryId"];
    ctx.addIssue({
      code: "custom",
      input: undefined,
      message: `sets ${given} without ${missing}: the immutable subject holds both IDs. Set both (${githubIdsCommand(typeof spec.repository === "string" ? spec.repository : "OWNER/REPO")} prints the repository ID, then the owner ID), or neither for the name-based subject`,
    });
  });

/** The repository and, when both are given, its IDs: the immutable subject. */
export function repositoryRef(spec: z.infer<typeof githubSpecSchema>): GitHubRepositoryRef {
  return spec.ownerId !== undefined && spec.repositoryId !== undefined
    ? { repository: spec.repository, ownerId: spec.ownerId, repositoryId: spec.repositoryId }
    : { repository: spec.repository };
}

/** The one trigger a GitHub spec names (the refinement above allows exactly one). */
export function githubSpec(spec: z.infer<typeof githubSpecSchema>): GitHubSubjectSpec {
  if (spec.environment !== undefined) return { environment: spec.environment };
  if (spec.branch !== undefined) return { branch: spec.branch };
  if (spec.tag !== undefined) return { tag: spec.tag };
  return { pullRequest: true };
}
