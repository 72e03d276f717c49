import { logLevel } from 'kafkajs';
import { reportedLevel } from './kafka';

const entry = (level: logLevel, message: string, error?: string) => ({
  level,
  log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...(error ? { error } : {}) },
});

describe("the platform's kafkajs log", () => {
  it('reports a rebalance answered to a heartbeat, commit or sync as information, not as an error', () => {
    for (const request of [
      'Heartbeat(key: 12, version: 3)',
      'OffsetCommit(key: 8, version: 5)',
      'SyncGroup(key: 14, version: 3)',
    ])
      expect(
        reportedLevel(
          entry(logLevel.ERROR, `Response ${request}`, 'The group is rebalancing, so a rejoin is needed'),
        ),
      ).toBe(logLevel.INFO);
  });

  it('drops the answer to two processes creating the same topic at once', () => {
    expect(
      reportedLevel(
        entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', 'Topic creation errors'),
      ),
    ).toBeUndefined();
  });

  it("reports a new topic's leader not acting as one yet as a warning: the request is tried again", () => {
    expect(
      reportedLevel(
        entry(
          logLevel.ERROR,
          'Response ListOffsets(key: 2, version: 3)',
          'This server is not the leader for that topic-partition',
        ),
      ),
    ).toBe(logLevel.WARN);
  });

  it('keeps every other error an error', () => {
    expect(
      reportedLevel(
        entry(
          logLevel.ERROR,
          'Response Heartbeat(key: 12, version: 3)',
          'The coordinator is not aware of this member',
        ),
      ),
    ).toBe(logLevel.ERROR);
    expect(reportedLevel(entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'))).toBe(
      logLevel.ERROR,
    );
    expect(reportedLevel(entry(logLevel.WARN, 'The group is rebalancing, re-joining'))).toBe(logLevel.WARN);
  });
});
