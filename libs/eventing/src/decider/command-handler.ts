import type { Actor, EventCatalog } from '@platform/contracts';
import { v5 as uuidv5 } from 'uuid';
import {
  DuplicateEvent,
  WrongExpectedVersion,
  type EventStore,
  type NewEvent,
} from '../event-store/event-store';
import { fold, type Decider, type DomainEvent } from './decider';

export interface CommandMetadata {
  /** Unique per command as the caller sent it; a repeat of the same command id changes nothing. */
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** When the command was accepted; becomes each event's occurredAt. */
  at: Date;
}

export type CommandOutcome =
  | { status: 'appended'; events: NewEvent[]; nextExpectedVersion: number }
  | { status: 'unchanged'; reason: 'no events' | 'already handled' };

const EVENT_ID_NAMESPACE = '5f0c1d0e-8c1a-4d6b-9a43-0b2f7b6f4a10';

/**
 * Loads a stream, decides, and appends with the version it read. A conflict means another writer
 * got there first: the command is decided again on the new state, up to `maxAttempts` times.
 * Event ids derive from the command id, so a command repeated after a crash is recognised.
 */
export async function handleCommand<C, S, E extends DomainEvent>(
  deps: { store: EventStore; catalog: EventCatalog; decider: Decider<C, S, E>; maxAttempts?: number },
  streamId: string,
  command: C,
  meta: CommandMetadata,
): Promise<CommandOutcome> {
  const maxAttempts = deps.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const history = await deps.store.readStream(streamId);
    const state = fold(
      deps.decider,
      history.map((recorded) => deps.catalog.read(recorded) as unknown as E),
    );
    // A retried command (same id) whose first attempt was appended is recognised before deciding:
    // decided again on the state it changed, it could be refused (e.g. "already exists").
    const firstEventId = uuidv5(`${meta.commandId}/0`, EVENT_ID_NAMESPACE);
    if (history.some((recorded) => recorded.eventId === firstEventId))
      return { status: 'unchanged', reason: 'already handled' };
    const decided = deps.decider.decide(command, state);
    if (decided.length === 0) return { status: 'unchanged', reason: 'no events' };
    const base = history.length;
    const events = decided.map((event, index): NewEvent => {
      const definition = deps.catalog.latest(event.type);
      if (!definition) throw new Error(`decider emitted ${event.type}, which is not in the event catalogue`);
      const newEvent: NewEvent = {
        eventId: uuidv5(`${meta.commandId}/${index}`, EVENT_ID_NAMESPACE),
        type: event.type,
        schemaVersion: definition.version,
        data: event.data,
        occurredAt: meta.at.toISOString(),
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        actor: meta.actor,
      };
      const validated = deps.catalog.validateForWrite({
        ...newEvent,
        streamId,
        streamPosition: base + index,
        recordedAt: newEvent.occurredAt,
      });
      return { ...newEvent, data: validated.data };
    });
    try {
      const result = await deps.store.appendToStream(streamId, events, {
        expectedVersion: base === 0 ? 'no_stream' : base - 1,
      });
      return { status: 'appended', events, nextExpectedVersion: result.nextExpectedVersion };
    } catch (error) {
      if (error instanceof DuplicateEvent) return { status: 'unchanged', reason: 'already handled' };
      if (error instanceof WrongExpectedVersion && attempt < maxAttempts) continue;
      throw error;
    }
  }
}
