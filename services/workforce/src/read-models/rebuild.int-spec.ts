import { EventCatalog, allEvents } from '@platform/contracts';
import { createKafka, ensureTopics, ReadModels } from '@platform/eventing';
import { eventually, serverUrls } from '@platform/eventing/testing';
import { leaderboardEvents, messageOf } from '../../test/support/leaderboard-events';
import { dataOf, startWorkforce, type WorkforceUnderTest } from '../../test/workforce-harness';
import { DemoData } from '../demo/demo-data';
import { leaderboardJobs } from '../leaderboard/leaderboard.projection';
import { RegularWorkers } from '../regular-workers/regular-workers';
import { pipelineBoard } from './pipeline-board/pipeline-board.projection';
import { workforceReadModels } from './workforce-read-models';

describe('rebuilding the workforce read models by replay (real servers)', () => {
  let wf: WorkforceUnderTest;
  beforeAll(async () => {
    wf = await startWorkforce();
  });
  afterAll(() => wf?.close());

  /** Every document of every read model, by read model. */
  const documents = async () => {
    const readModels = wf.app.get(ReadModels);
    return Object.fromEntries(
      await Promise.all(
        workforceReadModels.map(
          async (readModel) => [readModel.name, await readModels.documents(readModel).find({})] as const,
        ),
      ),
    );
  };
  const board = `{ pipelineBoard(page: { limit: 100 }) { total counts { step workers }
    workers { id status waitingFor eligibleItems stationId } } }`;
  const organisation = `{ branches { id switches: features { feature enabled } stations { id leaderId } } }`;
  const position = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Worker {
    leaderboardPosition { standings { scope scopeId totals { jobsCompleted hoursServed } ranks { metric rank of } } } } } }`;

  it('gives back every document, and the same boards, after dropping them and replaying the log', async () => {
    // Enough for every demo stage (six stations a stage): active workers with eligible items among them.
    const workers = 48;
    await wf.app.get(DemoData).seed(() => undefined, workers);
    const readModels = wf.app.get(ReadModels);
    const eligible = await eventually(
      'every demo worker on the board, one eligible for an item',
      async () => {
        const rows = await readModels.documents(pipelineBoard).find({});
        return rows.length === workers ? rows.find((row) => row.worker.eligibleItems.length > 0) : undefined;
      },
    );
    await wf.app
      .get(RegularWorkers)
      .name('cust-replay', eligible.worker.eligibleItems[0]!, eligible.workerId, {
        commandId: 'rebuild-spec:name',
        correlationId: 'rebuild-spec',
        causationId: null,
        actor: { kind: 'user', id: 'cs-1', role: 'cs_agent' },
        at: new Date(),
      });
    // A job the worker completed, as orders publishes it: the leaderboard's read models, fed by
    // another service's topic, which a rebuild replays too.
    const catalog = new EventCatalog(allEvents);
    const job = leaderboardEvents({ validate: (event) => catalog.validateForWrite(event) }).job(
      eligible.workerId,
      new Date().toISOString(),
      2,
    );
    const topic = `${wf.storage}.${catalog.latest('JobCompleted')!.topic}`;
    const kafka = createKafka(serverUrls().kafkaBrokers, 'workforce-rebuild-spec');
    await ensureTopics(kafka, [topic]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: job.events.map(messageOf) });
    await producer.disconnect();
    await eventually('the completed job on the leaderboard', async () => {
      const facts = await readModels.documents(leaderboardJobs).get(job.orderId);
      return facts?.completedAt ?? undefined;
    });
    const admin = await wf.token('admin', 'admin-rebuild');
    const live = await eventually('a document in every read model', async () => {
      const all = await documents();
      return Object.values(all).every((docs) => (docs as unknown[]).length > 0) && all;
    });
    const boardBefore = dataOf(await wf.graphql(admin, board));
    const organisationBefore = dataOf(await wf.graphql(admin, organisation));
    const standing = { r: [{ __typename: 'Worker', id: eligible.workerId }] };
    const positionBefore = dataOf(await wf.graphql(admin, position, standing));
    expect(positionBefore._entities[0].leaderboardPosition).not.toBeNull();

    const { applied } = await readModels.rebuild(undefined, { log: () => undefined });

    expect(applied).toBeGreaterThan(workers * 5);
    expect(await documents()).toEqual(live);
    expect(dataOf(await wf.graphql(admin, board))).toEqual(boardBefore);
    expect(dataOf(await wf.graphql(admin, organisation))).toEqual(organisationBefore);
    expect(dataOf(await wf.graphql(admin, position, standing))).toEqual(positionBefore);
  });
});
