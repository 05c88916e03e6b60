import { AuthorityError, AuthorityHost, authorityHost } from "../commands/verify/authority";
import { deployerAuthority } from "../commands/verify/deployerIdentity";

/** Where the reader signs in and which Graph it reads. */
export interface GraphCloud {
  /** The login host: `https://login.microsoftonline.com` in the public cloud. */
  authority: AuthorityHost;
  /** Graph's origin, e.g. `https://graph.microsoft.us`; requests go to `<origin>/v1.0/...`. */
  graphOrigin: string;
}

/** A bad `--authority-host`, `--scope` or ARM_ENVIRONMENT: a usage mistake (exit 1). */
export class GraphCloudError extends Error {}

/**
 * The cloud, chosen with the options `verify` takes: ARM_ENVIRONMENT (the variable the azuread
 * provider reads: public, usgovernment, dod, china and their aliases), or `--authority-host`
 * (Graph of that login host's cloud), with `--scope` for a Graph elsewhere (a local emulator:
 * `--scope https://127.0.0.1:8443/.default`). `command` names the command in messages.
 */
export function graphCloud(
  env: NodeJS.ProcessEnv,
  options: { authorityHost?: string; scope?: string },
  command: string,
): GraphCloud {
  try {
    const given = authorityHost(options.authorityHost, options.scope);
    const { authority } =
      options.scope === undefined ? deployerAuthority(env, given) : { authority: given };
    return { authority, graphOrigin: new URL(authority.graphScope).origin };
  } catch (error) {
    if (error instanceof AuthorityError)
      throw new GraphCloudError(error.message.replace(/^verify:/, `${command}:`));
    throw error;
  }
}
