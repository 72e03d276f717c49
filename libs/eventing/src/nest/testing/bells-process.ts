import 'reflect-metadata';
import { Journal, startBells } from './bells';

// The bells service as a process of its own, for the crash spec: it prints each journal entry and
// kills itself (SIGKILL, no stop, no commit) in the middle of handling a ring noted 'crash'.
//   node --import tsx bells-process.ts <storage>
async function main() {
  const [storage] = process.argv.slice(2) as [string];
  await startBells(new Journal({ crashes: true, print: true }), { storage });
  console.log('started');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
