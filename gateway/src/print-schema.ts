import { writeFileSync } from 'node:fs';
import { publicSchemaFromFiles } from './schema-files';

// `npm run schema`: writes the composed public graph for the console's code generator.
async function main() {
  const [out] = process.argv.slice(2);
  if (!out) throw new Error('usage: tsx gateway/src/print-schema.ts <file.graphql>');
  writeFileSync(out, `${await publicSchemaFromFiles()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
