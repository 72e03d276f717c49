import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { allEvents } from '../all-events';
import { exportContracts } from './export-contracts';

// npm run contracts:export [-- --out <dir>]: JSON Schema per event version and an AsyncAPI document.
const outFlag = process.argv.indexOf('--out');
const out = resolve(
  outFlag >= 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1]! : 'dist/contracts',
);
const { files } = exportContracts(allEvents);
for (const [name, document] of Object.entries(files)) {
  const path = join(out, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
}
console.log(
  `wrote ${Object.keys(files).length} files to ${out} (asyncapi.json and one JSON Schema per event version)`,
);
