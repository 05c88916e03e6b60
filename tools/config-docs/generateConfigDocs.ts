import { existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { TABLE_BEGIN, TABLE_END, TABLE_FILES, settingsTable, withTable } from "./settingsTable";
import { SCHEMA_FILE, stackConfigSchema } from "./stackConfigSchema";

/** `npm run docs:config`: writes schema/stack-config.schema.json and the docs' settings table. */
export function configDocs(): { schemaText: string; table: string } {
  const schema = stackConfigSchema();
  return { schemaText: `${JSON.stringify(schema, null, 2)}\n`, table: settingsTable(schema) };
}

function main(root: string): number {
  const { schemaText, table } = configDocs();
  writeFileSync(join(root, SCHEMA_FILE), schemaText);
  console.log(`wrote ${SCHEMA_FILE}`);
  const holders = TABLE_FILES.filter((file) => existsSync(join(root, file))).flatMap((file) => {
    const updated = withTable(readFileSync(join(root, file), "utf8"), table);
    if (updated === undefined) return [];
    writeFileSync(join(root, file), updated);
    console.log(`wrote the settings table in ${file}`);
    return [file];
  });
  if (holders.length > 0) return 0;
  console.error(
    `No settings table to update: put the lines\n${TABLE_BEGIN}\n${TABLE_END}\nin one of ${TABLE_FILES.join(", ")} where the table goes, then run npm run docs:config again.`,
  );
  return 1;
}

if (require.main === module) process.exitCode = main(join(__dirname, "../.."));
