import type { Actor, EventEnvelope } from '@platform/contracts';

/**
 * What the caller expects of the stream before appending: that it does not exist yet, anything,
 * or that its last event is at exactly this position (0-based; a stream of 3 events is at 2).
 */
export type ExpectedVersion = 'no_stream' | 'any' | number;

/** An event to append; the store assigns its stream position and recorded time. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

/**
 * A place in the global log, in commit order. For PostgreSQL `commit` is the writing
 * transaction's id and `prepare` the row's sequence number; for EventStoreDB they are its own
 * commit and prepare positions. Positions compare as the pair (commit, prepare).
 */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** Before the first event of any log. */
export const START: LogPosition = { commit: 0n, prepare: 0n };

export const encodePosition = (p: LogPosition): string => `${p.commit}/${p.prepare}`;
export function decodePosition(text: string): LogPosition {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match) throw new Error(`not a log position: "${text}" (expected "<commit>/<prepare>")`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}
export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

export interface RecordedEvent extends EventEnvelope {
  position: LogPosition;
}

export interface AppendResult {
  /** Position of the stream's last event after the append. */
  nextExpectedVersion: number;
  position: LogPosition;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  /** The stream's events in order; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: { fromPosition?: number }): Promise<RecordedEvent[]>;
  /**
   * Committed events after `after`, in commit order, at most `limit`. Never returns an event
   * before one that a still-running transaction could commit at a lower position.
   */
  readAll(options: { after: LogPosition; limit: number }): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** Optimistic concurrency failure: the stream moved since the caller read it. */
export class WrongExpectedVersion extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId} was expected at ${String(expected)} but is at ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** An event with this id is already stored: the append is a repeat of one that succeeded. */
export class DuplicateEvent extends Error {
  readonly code = 'DUPLICATE_EVENT';
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored`);
    this.name = 'DuplicateEvent';
  }
}
