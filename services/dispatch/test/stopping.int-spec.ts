import { eventually, publishEvents, uniqueName } from '@platform/eventing/testing';
import {
  consumerGroups,
  expectStoppedCleanly,
  freePort,
  graphqlClient,
  startCaptureServer,
  startServiceProcess,
  tokenIssuer,
  type ServiceProcess,
} from '@platform/service-kit/testing';
import { randomUUID } from 'node:crypto';
import { activeWorker, autoDispatchOn, cstDayAhead, orderPlaced } from './dispatch-harness';

/**
 * The dispatch process as `npm start` runs it, stopped by SIGTERM while it is dispatching (offers
 * being decided, chat cards being posted to a slow bot, demo workers answering).
 */
describe('stopping the dispatch process', () => {
  const storage = uniqueName('dispatch_stop');
  const prefix = `${storage}.`;
  let chat: Awaited<ReturnType<typeof startCaptureServer>>;
  let running: ServiceProcess | undefined;

  beforeAll(async () => {
    chat = await startCaptureServer();
    chat.answerAfter(1000);
  });
  afterEach(() => running?.kill());
  afterAll(async () => {
    await chat?.close();
  });

  const start = async () => {
    const port = await freePort();
    running = await startServiceProcess(
      'services/dispatch/src/main.ts',
      {
        DISPATCH_STORAGE: storage,
        KAFKA_TOPIC_PREFIX: prefix,
        DISPATCH_PORT: String(port),
        DEMO_WORKERS_ANSWER: 'true',
        CHATBOT_WEBHOOK_URL: chat.url,
        TIMER_POLL_MS: '50',
      },
      /\[dispatch\] .*subgraph on/,
    );
    return { process: running, url: `http://127.0.0.1:${port}` };
  };

  it('exits with code 0 within 5 s of SIGTERM while dispatching, and a restart leaves the same consumer groups', async () => {
    const first = await start();
    const { day } = cstDayAhead(2);
    const workers = Array.from({ length: 10 }, (_, i) => `w-stop-${i}-${randomUUID().slice(0, 6)}`);
    await publishEvents(prefix, [autoDispatchOn(), ...workers.flatMap((w) => activeWorker(w))]);
    await publishEvents(
      prefix,
      Array.from({ length: 20 }, (_, i) => orderPlaced(randomUUID(), day, 8 + (i % 10))),
    );
    const dispatcher = await tokenIssuer()('dispatcher', 'disp-stop', { branch: 'shanghai' });
    await eventually(
      'dispatch to be making offers',
      async () => {
        const { data } = await graphqlClient(first.url)(
          dispatcher,
          `query($d: String!) { dispatchBoard(branchId: "shanghai", day: $d) { counts { offering assigned } } }`,
          { d: day },
        );
        const counts = (data?.dispatchBoard as { counts: { offering: number; assigned: number } } | undefined)
          ?.counts;
        return counts && counts.offering + counts.assigned > 0;
      },
      60_000,
    );

    expectStoppedCleanly(await first.process.terminate());
    const groupsAfterFirstRun = await consumerGroups(prefix);

    const second = await start();
    expectStoppedCleanly(await second.process.terminate());
    expect(await consumerGroups(prefix)).toEqual(groupsAfterFirstRun);
  });
});
