import type { EventEnvelope } from '@platform/contracts';
import type { Connection, Model, UpdateQuery } from 'mongoose';
import { appliedField } from './mongo-documents';

/** A read model fed by events: what it listens to, what it owns, how it applies one event. */
export interface Projection {
  name: string;
  /** Collections this projection owns; a rebuild drops them. */
  collections: readonly string[];
  handles: readonly string[];
  apply(event: EventEnvelope, connection: Connection): Promise<void>;
}

export { appliedField };
const appliedKey = (streamId: string) => `_applied.${appliedField(streamId)}`;

/**
 * Applies an event's change to one document at most once. The document records, per source
 * stream, the position of the last event applied to it, and the change and that record are one
 * write; so a redelivered or replayed event is a no-op and a crash cannot split them. Needs no
 * transaction, so it runs the same on MongoDB and FerretDB (docs/adr/0003).
 * Returns whether the change was applied.
 */
export async function applyOnce<T>(
  model: Model<T>,
  id: unknown,
  event: Pick<EventEnvelope, 'streamId' | 'streamPosition'>,
  update: UpdateQuery<T>,
): Promise<boolean> {
  const key = appliedKey(event.streamId);
  const set = {
    ...((update.$set as Record<string, unknown> | undefined) ?? {}),
    [key]: event.streamPosition,
  };
  try {
    const result = await model.updateOne(
      { _id: id, $or: [{ [key]: { $lt: event.streamPosition } }, { [key]: { $exists: false } }] } as never,
      { ...update, $set: set } as UpdateQuery<T>,
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    // The document exists and has seen this event already: the upsert's insert collided on _id.
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
