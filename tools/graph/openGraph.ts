import { CommandIo } from "../commands/commandIo";
import { graphCloud } from "./cloud";
import { graphIdentity } from "./credential";
import { GraphApi, connectGraph } from "./graphClient";

/** The options `adopt` and `drift` take for the cloud, the same as `verify`'s. */
export interface GraphOptions {
  /** `--authority-host`: the login host of a national cloud. */
  authorityHost?: string;
  /** `--scope`: Graph's `.default` scope elsewhere (a local emulator). */
  scope?: string;
}

/**
 * Graph as the command's io sees it: the cloud from the options and ARM_ENVIRONMENT, the
 * identity from `io.env` (see graphIdentity), requests through `io.fetch`, waits through
 * `io.sleep`. Throws GraphCloudError (a usage error) for bad options; signs in on first use.
 */
export function openGraph(io: CommandIo, options: GraphOptions, command: string): GraphApi {
  const cloud = graphCloud(io.env, options, command);
  const fetchFn = io.fetch ?? fetch;
  const identity = graphIdentity(io.env, cloud, fetchFn);
  return connectGraph({
    cloud,
    credential: identity.credential,
    identity: identity.source,
    fetch: fetchFn,
    sleep: io.sleep,
    now: io.now,
  });
}
