import { EventCatalog } from '@platform/contracts';
import { eventually, leaveCrashedMembers, serverUrls, uniqueName } from '../testing';
import { BackgroundConsumers } from './background-consumers';
import { EventConsumer } from './event-consumer';
import { createKafka, ensureTopics } from './kafka';

describe('consumers started in the background (real Kafka)', () => {
  const { kafkaBrokers } = serverUrls();
  const kafka = createKafka(kafkaBrokers, 'background-consumers-spec');
  const admin = kafka.admin();
  const catalog = new EventCatalog([]);
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it("does not wait for a group that waits out a crashed member's session, and one stopped meanwhile never joins", async () => {
    const topic = uniqueName('background');
    const [joining, stoppedEarly] = [uniqueName('joining'), uniqueName('stopped')];
    await ensureTopics(kafka, [topic]);
    await leaveCrashedMembers({
      brokers: kafkaBrokers,
      groups: [joining, stoppedEarly],
      topics: [topic],
      sessionTimeoutMs: 12_000,
    });
    const consumer = (groupId: string) =>
      new EventConsumer({
        kafka,
        groupId,
        topics: [topic],
        catalog,
        sessionTimeoutMs: 6000,
        handle: async () => undefined,
      });
    const background = new BackgroundConsumers();
    const [a, b] = [consumer(joining), consumer(stoppedEarly)];

    const before = Date.now();
    const started = background.launch(a);
    void background.launch(b);
    expect(Date.now() - before).toBeLessThan(100);
    await eventually('both consumers asking to join', async () =>
      Object.values(background.states()).every((s) => s === 'joining'),
    );
    await b.stop();

    // The dead member's session (12 s) runs out; then the live one joins and consumes.
    await started;
    await eventually(
      'the consumer in its group',
      async () => background.states()[joining] === 'consuming',
      40_000,
    );
    expect(background.states()[stoppedEarly]).toBe('stopped');
    const [group] = (await admin.describeGroups([stoppedEarly])).groups;
    expect(group!.members).toEqual([]);
    await a.stop();
  });
});
