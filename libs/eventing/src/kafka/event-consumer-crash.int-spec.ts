import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { tallyEvents } from '../../proof/tally/tally-events';
import { newEvent } from '../testing/event-store-contract';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import { EventConsumer, type ConsumerState } from './event-consumer';
import { createKafka, ensureTopics } from './kafka';

const catalog = new EventCatalog(tallyEvents);
const SESSION_TIMEOUT_MS = 6000; // the broker's smallest allowed (group.min.session.timeout.ms)

/** Holds the whole process, timers and sockets included, as a handler doing CPU-bound work does. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('an event consumer that kafkajs crashes for good', () => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = createKafka(serverUrls().kafkaBrokers, 'consumer-crash-test');
  });

  async function publishOne(topic: string): Promise<EventEnvelope> {
    const event: EventEnvelope = {
      ...newEvent('TallyOpened', { tallyId: randomUUID(), name: 'jobs', ceiling: 10 }),
      streamId: `tally-${randomUUID()}`,
      streamPosition: 0,
      recordedAt: new Date().toISOString(),
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: event.streamId, value: JSON.stringify(event) }] });
    await producer.disconnect();
    return event;
  }

  /** A consumer whose first event holds the event loop past the session, so that kafkajs crashes it for good. */
  async function crashingConsumer() {
    const topic = `${uniqueName('crashing')}.proof.events`;
    await ensureTopics(kafka, [topic]);
    const first = await publishOne(topic);
    const handled: string[] = [];
    let blocked = false;
    const consumer = new EventConsumer({
      kafka,
      groupId: uniqueName('group'),
      topics: [topic],
      catalog,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      handle: async (event) => {
        // Longer than the session: the group drops the member, and the commit after this event
        // is refused (UNKNOWN_MEMBER_ID), an error kafkajs does not restart from.
        if (!blocked) {
          blocked = true;
          blockEventLoop(SESSION_TIMEOUT_MS + 2000);
        }
        handled.push(event.eventId);
      },
    });
    const states = new Set<ConsumerState>();
    const watch = setInterval(() => states.add(consumer.state), 20);
    await consumer.start();
    await eventually('the first event to be handled', async () => handled.includes(first.eventId));
    await eventually('the consumer to crash', async () => [...states].some((s) => s.startsWith('retrying')));
    return { topic, first, handled, consumer, stopWatching: () => clearInterval(watch) };
  }

  const timed = async (stop: () => Promise<void>) => {
    const started = Date.now();
    await stop();
    return Date.now() - started;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('starts over as a new member, handles later events exactly once, and still stops at once', async () => {
    const { topic, first, handled, consumer, stopWatching } = await crashingConsumer();
    try {
      await eventually('the consumer to be back', async () => consumer.state === 'consuming', 30_000);

      const later = await publishOne(topic);
      await eventually('the later event to be handled', async () => handled.includes(later.eventId));
      // Room for a second consumer, had one been left running, to handle it again.
      await pause(2000);
      expect(handled.filter((id) => id === later.eventId)).toHaveLength(1);
      // Left uncommitted by the crash, the first event comes again to the new member (at least once).
      expect(handled.filter((id) => id === first.eventId)).toHaveLength(2);
    } finally {
      stopWatching();
      expect(await timed(() => consumer.stop())).toBeLessThan(3000);
    }
    expect(consumer.state).toBe('stopped');
    // Nothing left running after the stop: no member takes an event published now.
    const afterStop = await publishOne(topic);
    await pause(2000);
    expect(handled).not.toContain(afterStop.eventId);
  }, 60_000);

  it('stopped while starting over, stops at once and starts no new member', async () => {
    const { topic, handled, consumer, stopWatching } = await crashingConsumer();
    stopWatching();
    expect(await timed(() => consumer.stop())).toBeLessThan(3000);
    expect(consumer.state).toBe('stopped');
    const afterStop = await publishOne(topic);
    // Longer than the start over's backoff and a join.
    await pause(4000);
    expect(handled).not.toContain(afterStop.eventId);
    expect(consumer.state).toBe('stopped');
  }, 60_000);
});
