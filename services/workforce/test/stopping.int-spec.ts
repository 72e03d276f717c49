import { uniqueName } from '@platform/eventing/testing';
import {
  consumerGroups,
  expectStoppedCleanly,
  freePort,
  startServiceProcess,
  type ServiceProcess,
} from '@platform/service-kit/testing';

/**
 * The workforce process as `npm start` runs it, stopped by SIGTERM while it seeds the demo
 * organisation and its 300 workers (commands, events forwarded, consumers and timers busy).
 */
describe('stopping the workforce process', () => {
  const storage = uniqueName('workforce_stop');
  const prefix = `${storage}.`;
  let running: ServiceProcess | undefined;
  afterEach(() => running?.kill());

  const start = async () => {
    running = await startServiceProcess(
      'services/workforce/src/main.ts',
      {
        WORKFORCE_STORAGE: storage,
        KAFKA_TOPIC_PREFIX: prefix,
        WORKFORCE_PORT: String(await freePort()),
        SEED_DEMO_DATA: 'true',
        TIMER_POLL_MS: '50',
      },
      /\[workforce\] demo data: \d+\/\d+ workers/,
    );
    return running;
  };

  it('exits with code 0 within 5 s of SIGTERM while seeding, and a restart leaves the same consumer groups', async () => {
    const first = await start();
    expectStoppedCleanly(await first.terminate());
    const groupsAfterFirstRun = await consumerGroups(prefix);

    const second = await start();
    expectStoppedCleanly(await second.terminate());
    expect(await consumerGroups(prefix)).toEqual(groupsAfterFirstRun);
  });
});
