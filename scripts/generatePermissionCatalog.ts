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
import {
  buildCatalog,
  formatCatalog,
  GraphServicePrincipalJson,
  levelsFromCatalog,
  PrivilegeLevelsJson,
} from "../permissions/buildCatalog";
import { PermissionCatalog } from "../permissions/catalogTypes";

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
    "map of permission value to { application?, delegated? } privilege level (1-5); default: the levels already in the catalog",
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
// Privilege levels are not part of Graph's answer: without a levels file, keep the ones the
// current catalog already has, so a refresh from a live tenant loses nothing.
const privilegeLevels: PrivilegeLevelsJson = fs.existsSync(options.privilegeLevels)
  ? (JSON.parse(fs.readFileSync(options.privilegeLevels, "utf8")) as PrivilegeLevelsJson)
  : fs.existsSync(options.out)
    ? levelsFromCatalog(JSON.parse(fs.readFileSync(options.out, "utf8")) as PermissionCatalog)
    : {};
const catalog = buildCatalog(servicePrincipal, privilegeLevels);
fs.writeFileSync(options.out, formatCatalog(catalog));
console.log(
  `wrote ${options.out}: ${catalog.permissions.filter((p) => p.kind === "application").length} application permissions, ` +
    `${catalog.permissions.filter((p) => p.kind === "delegated").length} delegated scopes`,
);
