import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { EventCatalog } from '@platform/contracts';
import { handleCommand } from '../src/decider/command-handler';
import type { EventStore } from '../src/event-store/event-store';
import { EVENT_STORE } from '../src/nest/eventing.module';
import { ReadModels } from '../src/projections/read-models';
import { kill, startProcess } from './processes/spawn';
import { proofEventing, proofStorage } from './proof-context';
import { tallyBoard } from './tally-board/tally-board.projection';
import { tallyDecider, tallyStream } from './tally/tally.decider';

// `npm run proof`: runs the proof pipeline live. Commands go through the tally decider into the event
// store; the forwarder process publishes them to Kafka; the consumer process keeps the tally board
// in MongoDB. Prints the board every 2 s until Ctrl-C. `--once` writes one batch, waits until the
// board shows it, and exits.
async function main() {
  const once = process.argv.includes('--once');
  const app = await NestFactory.createApplicationContext(proofEventing({ forward: false, consume: false }), {
    logger: ['error', 'warn'],
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const catalog = app.get(EventCatalog);
  const documents = app.get(ReadModels).documents(tallyBoard);
  console.log('starting the forwarder and the consumer processes ...');
  const processes = [await startProcess('forwarder', {}), await startProcess('consumer', {})];
  const shutdown = async (code: number) => {
    await Promise.all(processes.map((p) => kill(p, 'SIGTERM')));
    await app.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  const meta = () => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { kind: 'system' as const, id: 'proof-demo' },
    at: new Date(),
  });
  const tallies = ['daily cleaning jobs', 'deep cleaning jobs', 'repair visits'].map((name) => ({
    tallyId: randomUUID(),
    name,
  }));
  for (const { tallyId, name } of tallies) {
    await handleCommand(
      { store, catalog, decider: tallyDecider },
      tallyStream(tallyId),
      { type: 'OpenTally', tallyId, name, ceiling: 1_000_000 },
      meta(),
    );
  }
  let written = tallies.length;
  const writeBatch = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const { tallyId } = tallies[i % tallies.length]!;
      await handleCommand(
        { store, catalog, decider: tallyDecider },
        tallyStream(tallyId),
        { type: 'IncrementTally', tallyId, amount: 1 + (i % 3), reason: 'job done' },
        meta(),
      );
      written++;
    }
  };
  const board = async () => {
    const rows = await documents.query({ _id: { $in: tallies.map((t) => t.tallyId) } }).lean();
    const applied = rows.reduce((sum, r) => sum + r.increments + 1, 0);
    console.log(
      `events written ${written}, applied to the read model ${applied}: ${rows.map((r) => `${r.name} = ${r.total}`).join(', ')}`,
    );
    return applied;
  };

  if (once) {
    await writeBatch(60);
    const deadline = Date.now() + 60000;
    while ((await board()) < written) {
      if (Date.now() > deadline)
        throw new Error('the read model did not catch up within 60 s: see the consumer output above');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log('proof pipeline: every event reached the read model');
    return shutdown(0);
  }
  console.log(`proof pipeline running (storage "${proofStorage()}"); Ctrl-C to stop`);
  setInterval(() => void writeBatch(10).catch((e) => console.error(e)), 500);
  setInterval(() => void board().catch((e) => console.error(e)), 2000);
}

main().catch((error) => {
  console.error(`proof pipeline failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
