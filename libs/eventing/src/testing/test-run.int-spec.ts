import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '../kafka/kafka';
import { eventually, serverUrls, uniqueName } from './servers';
import { madeInRun, newTestRunId, removeRunFromBroker, runScopedName, testRunId } from './test-run';

describe("a test run's topics on the shared broker", () => {
  const brokers = serverUrls().kafkaBrokers.split(',');
  const kafka = new Kafka({ clientId: 'test-run-spec', brokers, logLevel: logLevel.NOTHING });
  const listTopics = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  };

  it('names what a test makes after the run it belongs to', () => {
    expect(testRunId()).toBe(process.env.TEST_RUN_ID);
    const name = uniqueName('orders');
    expect(madeInRun(testRunId())(`${name}.orders.events.dlq`)).toBe(true);
    expect(madeInRun(newTestRunId())(`${name}.orders.events.dlq`)).toBe(false);
  });

  it("deletes a run's topics, dead-letter topics and groups, and leaves another run's alone", async () => {
    const [finished, running] = [newTestRunId(), newTestRunId()];
    const topicsMadeIn = (runId: string) => {
      const storage = runScopedName('orders', runId);
      return [`${storage}.orders.events`, `${storage}.orders.events.dlq`, runScopedName('background', runId)];
    };
    const topicsOf = { [finished]: topicsMadeIn(finished), [running]: topicsMadeIn(running) };
    await ensureTopics(kafka, [...topicsOf[finished]!, ...topicsOf[running]!], 1);
    // A consumer group of the run, as a read model's consumer leaves it: offsets committed, no member.
    const admin = kafka.admin();
    await admin.connect();
    await eventually('the group has offsets', async () => {
      await admin.setOffsets({
        groupId: `${runScopedName('orders', finished)}.orders-read-models`,
        topic: topicsOf[finished]![0]!,
        partitions: [{ partition: 0, offset: '0' }],
      });
      return true;
    }).finally(() => admin.disconnect());

    const removed = await removeRunFromBroker(brokers, finished);

    expect(removed.topics.sort()).toEqual(topicsOf[finished]!.sort());
    expect(removed.groups).toHaveLength(1);
    expect(removed.left).toEqual([]);
    const remaining = await listTopics();
    expect(remaining.filter(madeInRun(finished))).toEqual([]);
    expect(remaining.filter(madeInRun(running)).sort()).toEqual(topicsOf[running]!.sort());
    expect((await removeRunFromBroker(brokers, running)).left).toEqual([]);
  });
});
