import { ConfigError, loadPlatformEnv } from './config';

describe('platform environment', () => {
  it('uses the local development defaults when nothing is set', () => {
    expect(loadPlatformEnv({})).toMatchObject({
      PG_URL: 'postgres://platform:platform-dev@127.0.0.1:5432/platform',
      KAFKA_BROKERS: '127.0.0.1:9092',
      EVENT_STORE: 'postgres',
      FORWARDER_BATCH_SIZE: 500,
    });
  });

  it('names each bad variable and why, and says what to do', () => {
    let error: unknown;
    try {
      loadPlatformEnv({ KAFKA_BROKERS: 'kafka', PG_URL: 'mysql://x', FORWARDER_BATCH_SIZE: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['FORWARDER_BATCH_SIZE', 'KAFKA_BROKERS', 'PG_URL']);
    expect((error as Error).message).toMatch(/KAFKA_BROKERS: expected host:port/);
    expect((error as Error).message).toMatch(/Fix these variables/);
  });

  it('requires EVENTSTORE_URL when the EventStoreDB adapter is chosen', () => {
    expect(() => loadPlatformEnv({ EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_URL: required when EVENT_STORE=eventstoredb/,
    );
    expect(
      loadPlatformEnv({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' })
        .EVENT_STORE,
    ).toBe('eventstoredb');
  });
});
