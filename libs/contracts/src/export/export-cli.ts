import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { allEvents } from '../all-events';
import { exportContracts } from './export-contracts';

// npm run contracts:export [-- --out <dir>]: JSON Schema per event version and an AsyncAPI document
// whose servers and topic names are the deployment's: KAFKA_BROKERS and KAFKA_TOPIC_PREFIX, read as
// the services read them (default: the development broker 127.0.0.1:9092, no prefix).
const outFlag = process.argv.indexOf('--out');
const out = resolve(
  outFlag >= 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1]! : 'dist/contracts',
);
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim());
const invalid = brokers.filter((b) => !/^[^\s:]+:\d+$/.test(b));
if (invalid.length > 0) {
  console.error(`KAFKA_BROKERS: expected host:port[,host:port...], got ${invalid.join(', ')}`);
  process.exit(1);
}
const { files } = exportContracts(allEvents, { brokers, topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '' });
for (const [name, document] of Object.entries(files)) {
  const path = join(out, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
}
console.log(
  `wrote ${Object.keys(files).length} files to ${out} (asyncapi.json for ${brokers.join(', ')}, and one JSON Schema per event version)`,
);
