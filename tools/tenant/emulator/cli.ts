/**
 * `npm run emulator -- --port 8443 [--seed examples/003-jira-mail/tenant.json]`: the local Entra
 * emulator until Ctrl-C.
 * Prints its URLs, the CA file to trust, and an env file with the deployer's ARM_* variables
 * (the secret goes to that file, mode 0600, never to the terminal).
 */
import { Command, InvalidArgumentError } from "commander";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DEPLOYER_FULL_ROLES } from "../directory/directory";
import { directoryGuid } from "../directory/ids";
import { requestLogLine } from "./requestLog";
import { EntraEmulator } from "./server";
import { EXIT_CODES } from "../../commands/exitCodes";
import { CommandIo, processIo } from "../../commands/commandIo";
import { parseCommandLine } from "../../commands/commandLine";

const DEFAULT_TENANT_ID = "11111111-2222-3333-4444-555555555555";

function integer(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError("use a whole number");
  return number;
}

interface Options {
  port: number;
  seed?: string;
  tenantId: string;
  deployerClientId?: string;
  deployerRoles?: string;
  pageSize: number;
  replicationDelayMs: number;
  quiet?: boolean;
}

/** `io` carries only commander's own messages (help, usage errors): the rest is the live server's. */
export async function main(
  argv: string[],
  io: Pick<CommandIo, "stdout" | "stderr"> = processIo(),
): Promise<number> {
  const program = new Command()
    .name("emulator")
    .description("Local Entra emulator: token service, ARM metadata and Microsoft Graph over HTTPS")
    .option("--port <n>", "port on 127.0.0.1", integer, 8443)
    .option("--seed <file>", "export bundle (JSON) of objects that exist from the start")
    .option("--tenant-id <id>", "tenant ID", DEFAULT_TENANT_ID)
    .option("--deployer-client-id <id>", "client ID of the deployer identity")
    .option(
      "--deployer-roles <list>",
      "comma-separated Graph permissions of the deployer",
      [...DEPLOYER_FULL_ROLES, "Application.Read.All"].join(","),
    )
    .option("--page-size <n>", "items per page of Graph collections", integer, 100)
    .option("--replication-delay-ms <n>", "how long new objects stay invisible", integer, 0)
    .option("--quiet", "do not print each request");
  const parsed = parseCommandLine(program, argv, EXIT_CODES.usage, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<Options>();
  let seed: EntraEmulatorSeed | undefined;
  if (options.seed) {
    try {
      seed = JSON.parse(fs.readFileSync(options.seed, "utf8")) as EntraEmulatorSeed;
    } catch (error) {
      process.stderr.write(
        `emulator: cannot read --seed ${options.seed}: ${(error as Error).message}\n`,
      );
      return EXIT_CODES.readError;
    }
  }
  const clientId =
    options.deployerClientId ?? directoryGuid(options.tenantId, "deployer", "clientId");
  const secret = process.env.ENTRA_EMULATOR_DEPLOYER_SECRET ?? newSecret();
  const roles = (options.deployerRoles ?? "")
    .split(",")
    .map((role) => role.trim())
    .filter(Boolean);
  const emulator = await EntraEmulator.start({
    tenantId: options.tenantId,
    port: options.port,
    seed,
    pageSize: options.pageSize || 100,
    replicationDelayMs: options.replicationDelayMs,
  });
  const { objectId } = emulator.addDeployer({
    clientId,
    secret,
    roles,
    displayName: "emulator deployer",
  });
  const envFile = path.join(path.dirname(emulator.caFile), "emulator.env");
  fs.writeFileSync(
    envFile,
    [
      `ARM_METADATA_HOSTNAME=${emulator.metadataHost}`,
      `ARM_TENANT_ID=${options.tenantId}`,
      `ARM_CLIENT_ID=${clientId}`,
      `ARM_CLIENT_SECRET=${secret}`,
      `SSL_CERT_FILE=${emulator.caFile}`,
      `NODE_EXTRA_CA_CERTS=${emulator.caFile}`,
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const lines = [
    `Local Entra emulator, tenant ${options.tenantId}`,
    `  token service and Graph  ${emulator.origin}`,
    `  metadata host            ${emulator.metadataHost}  (azuread:metadataHost or ARM_METADATA_HOSTNAME)`,
    `  ARM metadata             ${emulator.origin}/metadata/endpoints?api-version=2022-09-01`,
    `  token endpoint           ${emulator.origin}/${options.tenantId}/oauth2/v2.0/token`,
    `  Microsoft Graph          ${emulator.origin}/v1.0 and ${emulator.origin}/beta`,
    `  CA file                  ${emulator.caFile}  (SSL_CERT_FILE for pulumi, NODE_EXTRA_CA_CERTS for node)`,
    `  deployer                 client ${clientId}, object ${objectId}`,
    `                           roles ${roles.join(", ") || "(none)"}`,
    `  environment              ${envFile}  (ARM_* with the deployer's secret: set -a; . ${envFile}; set +a)`,
    "Ctrl-C stops.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  if (!options.quiet) {
    emulator.onRequest((request) => process.stdout.write(`${requestLogLine(request)}\n`));
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  process.stdout.write("emulator stopped\n");
  return 0;
}

type EntraEmulatorSeed = NonNullable<Parameters<typeof EntraEmulator.start>[0]["seed"]>;

/** Shaped like an Entra client secret: 3 characters, `8Q~`, 34 characters. */
function newSecret(): string {
  const body = randomBytes(30).toString("base64url");
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

if (require.main === module) {
  main(process.argv).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`emulator failed: ${(error as Error).message}\n`);
      process.exit(EXIT_CODES.usage);
    },
  );
}
