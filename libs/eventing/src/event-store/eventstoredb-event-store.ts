import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START as ESDB_START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  WrongExpectedVersion,
  comparePositions,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
} from './event-store';

/** What we keep in an EventStoreDB event's metadata; `created` is EventStoreDB's own recorded time. */
interface EnvelopeMetadata {
  schemaVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  actor: RecordedEvent['actor'];
}

/** Events read per round trip of readAll, so that pages of system events are skipped in few reads. */
const MIN_READ_ALL_BATCH = 100;

const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision =>
  expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : BigInt(expected);

const isStart = (p: LogPosition): boolean => p.commit === 0n && p.prepare === 0n;

/** Written by EventStoreDB itself (stats, metadata, projections, links): never one of our events. */
const isSystemEvent = (event: EsdbRecordedEvent): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

function toRecorded(event: EsdbRecordedEvent): RecordedEvent {
  const metadata = event.metadata as Partial<EnvelopeMetadata> | undefined;
  if (!event.isJson || typeof metadata?.schemaVersion !== 'number') {
    throw new Error(
      `EventStoreDB event ${event.id} (${event.type} in ${event.streamId}) was not written by this event store: it has no JSON envelope metadata`,
    );
  }
  if (!event.position) {
    throw new Error(
      `EventStoreDB returned event ${event.id} without a log position: the server must be 22.6 or later`,
    );
  }
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: metadata.schemaVersion,
    streamId: event.streamId,
    streamPosition: Number(event.revision),
    occurredAt: metadata.occurredAt!,
    recordedAt: event.created.toISOString(),
    correlationId: metadata.correlationId!,
    causationId: metadata.causationId ?? null,
    actor: metadata.actor!,
    data: event.data,
    position: { commit: event.position.commit, prepare: event.position.prepare },
  };
}

/**
 * Event store on EventStoreDB through its gRPC client.
 *
 * Event ids are NOT unique across the log. EventStoreDB's idempotence is per stream: repeating an
 * append to the same stream at the same expected version is acknowledged without writing again
 * (guaranteed for every expected version except "any", best effort for "any"), but the same event id
 * appended to another stream is simply stored again. So this adapter never raises DuplicateEvent;
 * a repeated command is a no-op only when it targets the same stream at the same expected version.
 *
 * The global log is EventStoreDB's `$all`, which holds every stream on the server: give each
 * service its own EventStoreDB, or its readAll (and so its forwarder) sees other services' events.
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  /**
   * `connectionString` as EventStoreDB documents it, e.g. `esdb://localhost:2113?tls=false`. The client
   * connects lazily, on the first call; async like PostgresEventStore.create so callers treat both alike.
   */
  static async create(connectionString: string): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId}: no events given`);
    const eventData = events.map((e) =>
      jsonEvent({
        id: e.eventId,
        type: e.type,
        // The client JSON-encodes whatever it is given; its JSONType is narrower than our `unknown`.
        data: e.data as JSONType,
        metadata: {
          schemaVersion: e.schemaVersion,
          occurredAt: e.occurredAt,
          correlationId: e.correlationId,
          causationId: e.causationId,
          actor: e.actor,
        } satisfies EnvelopeMetadata,
      }),
    );
    try {
      const result = await this.client.appendToStream(streamId, eventData, {
        expectedRevision: toExpectedRevision(expectedVersion),
      });
      return {
        nextExpectedVersion: Number(result.nextExpectedRevision),
        // The protocol lets a success carry no position (an append the server took as a repeat may).
        position: result.position ?? (await this.lastPosition(streamId)),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        throw new WrongExpectedVersion(streamId, expectedVersion, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: { fromPosition?: number } = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(options.fromPosition ?? 0),
      })) {
        if (resolved.event) events.push(toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll({ after, limit }: { after: LogPosition; limit: number }): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    if (limit <= 0) return page;
    // EventStoreDB reads $all from a position inclusively, so the event at `after` comes back first
    // and is skipped. START is not an event's position: nothing is skipped from there.
    let from: ReadPosition = isStart(after) ? ESDB_START : after;
    let skipUpTo: LogPosition | null = isStart(after) ? null : after;
    for (;;) {
      const maxCount = Math.max(limit - page.length, MIN_READ_ALL_BATCH) + 1;
      let read = 0;
      let last: LogPosition | null = null;
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: from,
        maxCount,
      })) {
        read++;
        const event: AllStreamRecordedEvent | undefined = resolved.event;
        if (!event) continue;
        last = event.position;
        if (skipUpTo && comparePositions(event.position, skipUpTo) <= 0) continue;
        if (isSystemEvent(event) || page.length >= limit) continue;
        page.push(toRecorded(event));
      }
      if (page.length >= limit || read < maxCount || !last) return page;
      from = last;
      skipUpTo = last;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async lastPosition(streamId: string): Promise<LogPosition> {
    for await (const resolved of this.client.readStream(streamId, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    })) {
      if (resolved.event?.position) return resolved.event.position;
    }
    throw new Error(`EventStoreDB acknowledged an append to ${streamId} but returned no log position for it`);
  }
}
