import { eventually } from '@platform/eventing/testing';
import { startCaptureServer } from '@platform/service-kit/testing';
import { randomUUID } from 'node:crypto';
import {
  activeWorker,
  autoDispatchOn,
  dataOf,
  orderPlaced,
  startDispatch,
  type DispatchUnderTest,
} from '../../test/dispatch-harness';
import { DEFAULT_POLICY_SETTINGS } from '../world/domain/branch-policy';

const iso = (ms: number) => new Date(ms).toISOString();

describe('service-level targets and reminders on the real servers', () => {
  let d: DispatchUnderTest;
  let chat: Awaited<ReturnType<typeof startCaptureServer>>;

  beforeAll(async () => {
    chat = await startCaptureServer();
    d = await startDispatch({ CHATBOT_WEBHOOK_URL: chat.url });
  });
  afterAll(async () => {
    await d?.close();
    await chat?.close();
  });

  it("reminds the worker at the start and puts a missed arrival into the dispatcher's queue", async () => {
    const admin = await d.token('admin', 'admin-1');
    // No grace and a reminder at the start itself, so the test need not wait minutes.
    const input = {
      ...DEFAULT_POLICY_SETTINGS,
      sla: { acceptMinutes: 30, arriveGraceMinutes: 0, finishGraceMinutes: 0 },
      reminders: { beforeStartMinutes: 0, beforeEndMinutes: 0 },
    };
    dataOf(
      await d.graphql(
        admin,
        `mutation($i: DispatchPolicyInput!) { setDispatchPolicy(branchId: "wuxi", input: $i, reason: "strict arrival") { version } }`,
        { i: input },
      ),
    );
    const worker = `w-late-${randomUUID().slice(0, 6)}`;
    // A dispatcher assigns by hand (auto-dispatch is off), so the job may start at any hour of the day.
    await d.publish(autoDispatchOn('wuxi', false), ...activeWorker(worker, { branchId: 'wuxi' }));
    const orderId = randomUUID();
    const start = Date.now() + 6000;
    await d.publish(
      orderPlaced(orderId, '', 0, {
        branchId: 'wuxi',
        window: { start: iso(start), end: iso(start + 3 * 3600_000) },
      }),
    );
    const dispatcher = await d.token('dispatcher', 'disp-wx', { branch: 'wuxi' });
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { status slaBreaches { kind workerId } } } } }`;
    const dispatchOf = async () =>
      dataOf(await d.graphql(dispatcher, query, { r: [{ __typename: 'Order', id: orderId }] }))._entities[0]
        .dispatch;
    await eventually('the order in dispatch', async () =>
      (await dispatchOf())?.status === 'waiting' ? true : undefined,
    );
    dataOf(
      await d.graphql(
        dispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "only one free") { workerId } }`,
        { o: orderId, w: worker },
      ),
    );
    await eventually('the start reminder', async () =>
      chat.requests.some(
        (r) => JSON.stringify(r.body).includes('Starting soon') && JSON.stringify(r.body).includes(worker),
      )
        ? true
        : undefined,
    );
    // Nobody checks in: the arrival target is missed.
    const item = await eventually(
      'the breach in the queue',
      async () => {
        const { dispatcherQueue } = dataOf(
          await d.graphql(dispatcher, `{ dispatcherQueue(branchId: "wuxi") { orderId kind message } }`),
        );
        return dispatcherQueue.find(
          (i: { orderId: string; kind: string }) => i.orderId === orderId && i.kind === 'sla_breached',
        );
      },
      30_000,
    );
    expect(item.message).toContain(`arrive target missed`);
    expect((await dispatchOf()).slaBreaches).toEqual([{ kind: 'arrive', workerId: worker }]);
  });
});
