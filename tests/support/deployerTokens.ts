import { TokenRequest } from "../../tools/commands/verify/graphToken";

/** The deployer's object ID in the tokens below. */
export const DEPLOYER_OBJECT_ID = "5e5e5e5e-0000-4000-8000-000000000001";

/** A token service stand-in for `verify --deployer`: records each request, answers with these roles. */
export function deployerTokens(roles: string[]) {
  const requests: TokenRequest[] = [];
  const acquire = async (request: TokenRequest) => {
    requests.push(request);
    return { ok: true as const, claims: { roles, objectId: DEPLOYER_OBJECT_ID } };
  };
  return { requests, acquire };
}
