import type { EventCatalog } from '@platform/contracts';
import type { Connection } from 'mongoose';
import { START, type EventStore } from '../event-store/event-store';
import type { Projection } from './projection';

/**
 * Drops a projection's collections and replays the event log into it, printing progress.
 * Stop the projection's live consumer first; it resumes afterwards without doubling anything,
 * because each document remembers what it has applied.
 */
export async function rebuildProjection(options: {
  projection: Projection;
  connection: Connection;
  store: EventStore;
  catalog: EventCatalog;
  batchSize?: number;
  log?: (message: string) => void;
}): Promise<{ applied: number; seconds: number }> {
  const { projection, connection, store, catalog, batchSize = 1000, log = console.log } = options;
  const existing = new Set((await connection.db!.listCollections().toArray()).map((c) => c.name));
  for (const name of projection.collections)
    if (existing.has(name)) await connection.db!.dropCollection(name);
  log(`rebuild ${projection.name}: dropped ${projection.collections.join(', ')}; replaying the event log`);
  const handles = new Set(projection.handles);
  const started = Date.now();
  let lastReport = started;
  let applied = 0;
  let read = 0;
  for (let after = START; ;) {
    const page = await store.readAll({ after, limit: batchSize });
    if (page.length === 0) break;
    for (const recorded of page) {
      const event = handles.has(recorded.type) ? catalog.read(recorded) : undefined;
      if (event) {
        await projection.apply(event, connection);
        applied++;
      }
    }
    read += page.length;
    after = page[page.length - 1]!.position;
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      const rate = Math.round(applied / ((lastReport - started) / 1000));
      log(`rebuild ${projection.name}: ${read} events read, ${applied} applied (${rate}/s)`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  log(`rebuild ${projection.name}: done, ${applied} events applied in ${seconds.toFixed(1)} s`);
  return { applied, seconds };
}
