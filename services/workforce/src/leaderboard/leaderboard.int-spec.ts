import type { Principal, Role } from '@platform/auth';
import { EventCatalog, allEvents, type EventEnvelope } from '@platform/contracts';
import { createKafka, ensureTopics, EVENT_STORE, ReadModels, type EventStore } from '@platform/eventing';
import { eventually, serverUrls } from '@platform/eventing/testing';
import type { Producer } from 'kafkajs';
import { leaderboardEvents, messageOf } from '../../test/support/leaderboard-events';
import { startWorkforce, type WorkforceUnderTest } from '../../test/workforce-harness';
import { leaderboardReadModels } from './leaderboard.projection';

// GraphQL answers are checked by the assertions, not by the compiler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const shanghai = (local: string) => `${local}+08:00`;
const catalog = new EventCatalog(allEvents);

describe('workforce monthly leaderboard projection (real servers)', () => {
  let wf: WorkforceUnderTest;
  let prefix: string;
  let producer: Producer;
  const e = leaderboardEvents({ validate: (event) => catalog.validateForWrite(event) });

  beforeAll(async () => {
    wf = await startWorkforce();
    prefix = `${wf.storage}.`;
    const kafka = createKafka(serverUrls().kafkaBrokers, 'leaderboard-spec');
    // Orders' and feedback's topics, which this spec publishes to as those services would.
    const topics = [
      ...new Set(['JobCompleted', 'ComplaintUpheld'].map((type) => catalog.latest(type)!.topic)),
    ];
    await ensureTopics(
      kafka,
      topics.map((topic) => `${prefix}${topic}`),
    );
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await wf?.close();
  });

  /** Orders' and feedback's events on their topics; workforce's own into its event log (the forwarder publishes them). */
  const publish = async (...events: EventEnvelope[]) => {
    for (const event of events) {
      if (event.streamId.startsWith('worker-')) {
        const { eventId, type, schemaVersion, data, occurredAt, correlationId, causationId, actor } = event;
        await wf.app
          .get<EventStore>(EVENT_STORE)
          .appendToStream(
            event.streamId,
            [{ eventId, type, schemaVersion, data, occurredAt, correlationId, causationId, actor }],
            { expectedVersion: 'any' },
          );
        continue;
      }
      await producer.send({
        topic: `${prefix}${catalog.latest(event.type)!.topic}`,
        acks: -1,
        messages: [messageOf(event)],
      });
    }
  };

  async function graphql(principal: Principal, query: string, variables: Record<string, unknown> = {}) {
    const { sub, role, ...extra } = principal;
    return (await wf.graphql(await wf.token(role, sub, extra), query, variables)) as {
      data?: Json;
      errors?: { message: string; extensions?: Json }[];
    };
  }

  const admin: Principal = { sub: 'admin-1', role: 'admin' };
  const as = (role: Role, sub: string, branch?: string): Principal => ({
    sub,
    role,
    ...(branch ? { branch } : {}),
  });

  const boardQuery = `query ($month: String!, $scope: LeaderboardScope!, $scopeId: ID!, $metric: LeaderboardMetric!) {
    leaderboard(month: $month, scope: $scope, scopeId: $scopeId, metric: $metric) {
      month scope scopeId metric workers
      entries { rank workerId value totals { jobsCompleted hoursServed hoursWithoutIncident hoursWithoutComplaint } }
    } }`;
  const board = async (month: string, scope: string, scopeId: string, metric: string, who = admin) => {
    const response = await graphql(who, boardQuery, { month, scope, scopeId, metric });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data.leaderboard;
  };
  const ranking = (b: Json) => b.entries.map((x: Json) => [x.rank, x.workerId, x.value]);

  const boards = [
    ['2025-02', 'STATION', 'st-a'],
    ['2025-02', 'STATION', 'st-b'],
    ['2025-02', 'BRANCH', 'br-1'],
    ['2025-02', 'BRANCH', 'br-2'],
    ['2025-01', 'STATION', 'st-a'],
  ].flatMap(([month, scope, scopeId]) =>
    ['JOBS_COMPLETED', 'HOURS_WITHOUT_INCIDENT', 'HOURS_WITHOUT_COMPLAINT'].map(
      (metric) => [month!, scope!, scopeId!, metric] as const,
    ),
  );
  const allBoards = () => Promise.all(boards.map((args) => board(...args)));

  const wang = 'wkr-wang';
  const li = 'wkr-li';
  const zhao = 'wkr-zhao';
  const chen = 'wkr-chen';
  const late = 'wkr-late';

  it('keeps the boards live, rebuilds them identically from the topics, and recomputes a past month', async () => {
    const w0 = e.job(wang, shanghai('2025-01-20T12:00:00'), 2);
    const l0 = e.job(li, shanghai('2025-01-22T12:00:00'), 5);
    const w1 = e.job(wang, shanghai('2025-02-03T12:00:00'), 2);
    const w2 = e.job(wang, shanghai('2025-02-10T12:00:00'), 3);
    const w3 = e.job(wang, shanghai('2025-02-20T12:00:00'), 1);
    const l1 = e.job(li, shanghai('2025-02-05T12:00:00'), 4);
    const l2 = e.job(li, shanghai('2025-02-15T12:00:00'), 4);
    const z1 = e.job(zhao, shanghai('2025-02-08T12:00:00'), 2);
    const z2 = e.job(zhao, shanghai('2025-02-18T12:00:00'), 5);
    const c1 = e.job(chen, shanghai('2025-02-07T12:00:00'), 3);
    const lt1 = e.job(late, shanghai('2025-02-09T12:00:00'), 1);
    const lateApplied = e.applied(late, 'st-a', 'br-1', shanghai('2025-01-05T09:00:00'));

    // A complaint that arrives before its job's events, on another topic.
    await publish(e.complaint(l1.orderId, li, shanghai('2025-02-25T10:00:00')));
    await publish(
      e.applied(wang, 'st-a', 'br-1', shanghai('2025-01-02T09:00:00')),
      e.applied(li, 'st-a', 'br-1', shanghai('2025-01-02T09:00:00')),
      e.applied(zhao, 'st-b', 'br-1', shanghai('2025-01-02T09:00:00')),
      e.applied(chen, 'st-c', 'br-2', shanghai('2025-01-02T09:00:00')),
      e.moved(zhao, 'st-b', 'st-a', 'br-1', shanghai('2025-02-12T00:00:00')),
    );
    await publish(...[w0, l0, w1, w2, w3, l1, l2, z1, z2, c1, lt1].flatMap((job) => job.events));
    // Kafka redelivers: the same completion again must not count twice.
    await publish(w1.events[1], e.incident(w2.orderId, wang, shanghai('2025-02-11T09:00:00')));
    // A worker whose station becomes known only after their job.
    await publish(lateApplied);

    const stationA = await eventually(
      'station st-a for 2025-02 with wang 3 jobs, li 2, late 1, zhao 1 (after his move)',
      async () => {
        const b = await board('2025-02', 'STATION', 'st-a', 'JOBS_COMPLETED');
        return JSON.stringify(ranking(b)) ===
          JSON.stringify([
            [1, wang, 3],
            [2, li, 2],
            [3, late, 1],
            [3, zhao, 1],
          ])
          ? b
          : undefined;
      },
      60_000,
    );
    expect(stationA.workers).toBe(4);
    const incidentFree = await eventually('the incident on wang’s second job counted', async () => {
      const b = await board('2025-02', 'STATION', 'st-a', 'HOURS_WITHOUT_INCIDENT');
      return b.entries.find((x: Json) => x.workerId === wang)?.value === 1 ? b : undefined;
    });
    expect(ranking(incidentFree)).toEqual([
      [1, li, 8],
      [2, zhao, 5],
      [3, late, 1],
      [3, wang, 1],
    ]);
    await eventually('li’s early complaint counted against her first February job', async () => {
      const b = await board('2025-02', 'STATION', 'st-a', 'HOURS_WITHOUT_COMPLAINT');
      return b.entries.find((x: Json) => x.workerId === li)?.value === 4 ? b : undefined;
    });
    // Zhao's job before his move may be on a partition the boards above did not wait for.
    const [branchOne, stationB] = await eventually('zhao’s job at st-b on its boards', async () => {
      const boards = await Promise.all([
        board('2025-02', 'BRANCH', 'br-1', 'JOBS_COMPLETED'),
        board('2025-02', 'STATION', 'st-b', 'JOBS_COMPLETED'),
      ]);
      const zhaoAtBranch = boards[0].entries.find((x: Json) => x.workerId === zhao)?.value;
      return zhaoAtBranch === 2 && boards[1].entries.length > 0 ? boards : undefined;
    });
    expect(ranking(branchOne)).toEqual([
      [1, wang, 3],
      [2, li, 2],
      [2, zhao, 2],
      [4, late, 1],
    ]);
    expect(ranking(stationB)).toEqual([[1, zhao, 1]]);
    // Chen's job too (br-2 only): the live boards are compared with the rebuilt ones below.
    await eventually('chen’s job in branch br-2', async () =>
      (await board('2025-02', 'BRANCH', 'br-2', 'JOBS_COMPLETED')).entries.some(
        (x: Json) => x.workerId === chen,
      ),
    );
    await eventually('li’s January job on the board', async () => {
      const b = await board('2025-01', 'STATION', 'st-a', 'HOURS_WITHOUT_INCIDENT');
      return JSON.stringify(ranking(b)) ===
        JSON.stringify([
          [1, li, 5],
          [2, wang, 2],
        ])
        ? b
        : undefined;
    });

    // Who may see what.
    const denied = async (who: Principal, scope: string, scopeId: string) =>
      (await graphql(who, boardQuery, { month: '2025-02', scope, scopeId, metric: 'JOBS_COMPLETED' }))
        .errors?.[0]?.extensions?.code;
    expect(await denied(as('worker', wang), 'STATION', 'st-a')).toBeUndefined();
    expect(await denied(as('worker', wang), 'BRANCH', 'br-1')).toBeUndefined();
    expect(await denied(as('worker', wang), 'STATION', 'st-c')).toBe('FORBIDDEN');
    expect(await denied(as('dispatcher', 'd-1', 'br-2'), 'BRANCH', 'br-1')).toBe('FORBIDDEN');
    expect(await denied({ ...as('station_leader', 's-1', 'br-2'), station: 'st-z' }, 'STATION', 'st-a')).toBe(
      'FORBIDDEN',
    );
    expect(await denied(as('cs_agent', 'cs-1', 'br-1'), 'STATION', 'st-a')).toBeUndefined();
    expect(await denied(as('finance', 'f-1'), 'BRANCH', 'br-2')).toBeUndefined();
    expect(await denied(as('customer', 'c-1'), 'BRANCH', 'br-1')).toBe('FORBIDDEN');
    const badMonth = await graphql(admin, boardQuery, {
      month: '2025-13',
      scope: 'STATION',
      scopeId: 'st-a',
      metric: 'JOBS_COMPLETED',
    });
    expect(badMonth.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });

    const position = await graphql(
      as('worker', zhao),
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Worker {
              leaderboardPosition(month: "2025-02") {
                month
                standings {
                  scope
                  scopeId
                  totals {
                    jobsCompleted
                    hoursServed
                  }
                  ranks {
                    metric
                    rank
                    of
                  }
                }
              }
            }
          }
        }
      `,
      { r: [{ __typename: 'Worker', id: zhao }] },
    );
    expect(position.data._entities[0].leaderboardPosition.standings).toEqual([
      {
        scope: 'STATION',
        scopeId: 'st-a',
        totals: { jobsCompleted: 1, hoursServed: 5 },
        ranks: [
          { metric: 'JOBS_COMPLETED', rank: 3, of: 4 },
          { metric: 'HOURS_WITHOUT_INCIDENT', rank: 2, of: 4 },
          { metric: 'HOURS_WITHOUT_COMPLAINT', rank: 2, of: 4 },
        ],
      },
      {
        scope: 'STATION',
        scopeId: 'st-b',
        totals: { jobsCompleted: 1, hoursServed: 2 },
        ranks: [
          { metric: 'JOBS_COMPLETED', rank: 1, of: 1 },
          { metric: 'HOURS_WITHOUT_INCIDENT', rank: 1, of: 1 },
          { metric: 'HOURS_WITHOUT_COMPLAINT', rank: 1, of: 1 },
        ],
      },
      {
        scope: 'BRANCH',
        scopeId: 'br-1',
        totals: { jobsCompleted: 2, hoursServed: 7 },
        ranks: [
          { metric: 'JOBS_COMPLETED', rank: 2, of: 4 },
          { metric: 'HOURS_WITHOUT_INCIDENT', rank: 2, of: 4 },
          { metric: 'HOURS_WITHOUT_COMPLAINT', rank: 1, of: 4 },
        ],
      },
    ]);

    // Rebuild from the event log and the topics: the same boards.
    const live = await allBoards();
    const rebuilt = await wf.app.get(ReadModels).rebuild(
      leaderboardReadModels.map((readModel) => readModel.name),
      { log: () => undefined },
    );
    // 5 applications and a move from the log; 11 jobs of 2 events, a complaint, an incident and
    // the redelivered completion from the topics (the redelivery changes nothing).
    expect(rebuilt.applied).toBe(6 + 22 + 2 + 1);
    expect(await allBoards()).toEqual(live);

    // A late incident on a January job: January changes, February does not.
    await publish(e.incident(l0.orderId, li, shanghai('2025-03-02T09:00:00')));
    await eventually(
      'li’s January hours without incident reset by the late incident',
      async () => {
        const b = await board('2025-01', 'STATION', 'st-a', 'HOURS_WITHOUT_INCIDENT');
        return JSON.stringify(ranking(b)) ===
          JSON.stringify([
            [1, wang, 2],
            [2, li, 0],
          ])
          ? b
          : undefined;
      },
      60_000,
    );
    const after = await allBoards();
    expect(after.filter((b) => b.month === '2025-02')).toEqual(live.filter((b) => b.month === '2025-02'));
  });
  it("names each entry's worker to staff of their scope, and to a worker only themselves", async () => {
    const first = 'wkr-named-1';
    const second = 'wkr-named-2';
    const a = e.job(first, shanghai('2025-03-03T12:00:00'), 2);
    const b = e.job(second, shanghai('2025-03-04T12:00:00'), 2);
    const c = e.job(first, shanghai('2025-03-05T12:00:00'), 2);
    await publish(
      e.applied(first, 'st-n', 'br-n', shanghai('2025-01-02T09:00:00')),
      e.applied(second, 'st-n', 'br-n', shanghai('2025-01-02T09:00:00')),
    );
    await publish(...[a, b, c].flatMap((job) => job.events));
    const named = `query { leaderboard(month: "2025-03", scope: STATION, scopeId: "st-n", metric: JOBS_COMPLETED) {
      entries { rank workerId worker { id stationId } } } }`;
    // Both jobs of the first worker counted, not only the first of them.
    const entries = await eventually('both workers on st-n’s March board, the first with both jobs', async () => {
      const response = await graphql(admin, named);
      const board = response.data?.leaderboard.entries;
      return board?.length === 2 && board[0].workerId === first && board[1].rank === 2 ? board : undefined;
    });
    expect(entries).toEqual([
      { rank: 1, workerId: first, worker: { id: first, stationId: 'st-n' } },
      { rank: 2, workerId: second, worker: { id: second, stationId: 'st-n' } },
    ]);
    const own = await graphql(as('worker', second), named);
    expect(own.data.leaderboard.entries.map((x: Json) => x.worker)).toEqual([null, { id: second, stationId: 'st-n' }]);
  });
});
