/**
 * Builds permission-catalog/microsoft-graph.json from the JSON Graph returns for its own service
 * principal, plus a privilege-level map. Only facts are kept (value, id, kind, admin consent
 * required, privilege level); description sentences are dropped on purpose.
 *
 *   npm run catalog -- --service-principal sp.json --privilege-levels levels.json
 */
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { buildCatalog, formatCatalog, GraphServicePrincipalJson, PrivilegeLevelsJson } from "../permissions/buildCatalog";

const defaultDataDir = path.join(__dirname, "..", "..", "shared", "data", "microsoft-graph");

const program = new Command()
  .name("catalog")
  .description("Generate the Microsoft Graph permission catalog from a service principal JSON")
  .option(
    "--service-principal <file>",
    "GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000') response",
    path.join(defaultDataDir, "service-principal.json"),
  )
  .option(
    "--privilege-levels <file>",
    "map of permission value to { application?, delegated? } privilege level (1-5)",
    path.join(defaultDataDir, "privilege-levels.json"),
  )
  .option(
    "--out <file>",
    "where to write the catalog",
    path.join(__dirname, "..", "permission-catalog", "microsoft-graph.json"),
  )
  .parse();

const options = program.opts<{ servicePrincipal: string; privilegeLevels: string; out: string }>();
const servicePrincipal = JSON.parse(
  fs.readFileSync(options.servicePrincipal, "utf8"),
) as GraphServicePrincipalJson;
const privilegeLevels = fs.existsSync(options.privilegeLevels)
  ? (JSON.parse(fs.readFileSync(options.privilegeLevels, "utf8")) as PrivilegeLevelsJson)
  : {};
const catalog = buildCatalog(servicePrincipal, privilegeLevels);
fs.writeFileSync(options.out, formatCatalog(catalog));
console.log(
  `wrote ${options.out}: ${catalog.permissions.filter((p) => p.kind === "application").length} application permissions, ` +
    `${catalog.permissions.filter((p) => p.kind === "delegated").length} delegated scopes`,
);
