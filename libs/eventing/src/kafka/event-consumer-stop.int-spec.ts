import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import { tallyEvents } from '../../proof/tally/tally-events';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { newEvent } from '../testing/event-store-contract';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { createKafka, ensureTopics } from './kafka';

const catalog = new EventCatalog(tallyEvents);

describe('stopping an event consumer', () => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = createKafka(serverUrls().kafkaBrokers, 'consumer-stop-test');
  });

  async function publishOne(topic: string): Promise<EventEnvelope> {
    const event: EventEnvelope = {
      ...newEvent('TallyOpened', { tallyId: randomUUID(), name: 'jobs', ceiling: 10 }),
      streamId: `tally-${randomUUID()}`,
      streamPosition: 0,
      recordedAt: new Date().toISOString(),
    };
    await ensureTopics(kafka, [topic]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: event.streamId, value: JSON.stringify(event) }] });
    await producer.disconnect();
    return event;
  }
  const parkedCount = async (topic: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(`${topic}.dlq`);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const consumer = (topic: string, groupId: string, handle: EventConsumerOptions['handle'], retry = {}) =>
    new EventConsumer({ kafka, groupId, topics: [topic], catalog, handle, retry, sessionTimeoutMs: 6000 });
  const timed = async (stop: () => Promise<void>) => {
    const started = Date.now();
    await stop();
    return Date.now() - started;
  };

  it.each([
    [
      'a handler waiting for something (a view to catch up) is cut short',
      (_event: EventEnvelope, { signal }: { signal: AbortSignal }) =>
        new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    ],
    [
      'a failed handler is neither retried nor parked',
      async () => {
        throw new Error('the read model is gone');
      },
    ],
  ])('stops at once: %s, and the next member of the group gets the event', async (_case, handler) => {
    const topic = `${uniqueName('stopping')}.proof.events`;
    const groupId = uniqueName('group');
    const event = await publishOne(topic);
    let calls = 0;
    const first = consumer(
      topic,
      groupId,
      async (e, context) => {
        calls++;
        await handler(e, context);
      },
      { attempts: 5, initialMs: 10_000, maxMs: 10_000 },
    );
    await first.start();
    await eventually('the handler to be running', async () => calls > 0);

    expect(await timed(() => first.stop())).toBeLessThan(2000);
    expect(calls).toBe(1);
    expect(await parkedCount(topic)).toBe(0);

    const handled: string[] = [];
    const next = consumer(topic, groupId, async (e) => void handled.push(e.eventId));
    await next.start();
    try {
      await eventually('the next member to handle the event', async () => handled.length === 1);
    } finally {
      await next.stop();
    }
    expect(handled).toEqual([event.eventId]);
  });

  it('deletes a private group when it stops, so that restarts leave none behind', async () => {
    const topic = `${uniqueName('private')}.proof.events`;
    const base = uniqueName('view');
    await publishOne(topic);
    const groupsOf = async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(base));
      } finally {
        await admin.disconnect();
      }
    };
    for (const run of [1, 2]) {
      let read = 0;
      const view = new EventConsumer({
        kafka,
        groupId: base,
        privateGroup: true,
        topics: [topic],
        catalog,
        handle: async () => void read++,
      });
      await view.start();
      await eventually(`run ${run} to read the topic`, async () => read === 1);
      expect(await groupsOf()).toEqual([view.groupId]);
      await view.stop();
      expect(await groupsOf()).toEqual([]);
    }
  });
});
