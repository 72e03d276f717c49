import { PG_POOL, ReadModels } from '@platform/eventing';
import { eventually } from '@platform/eventing/testing';
import { startCaptureServer } from '@platform/service-kit/testing';
import type { Pool } from 'pg';
import { dataOf, errorOf, startWorkforce, type WorkforceUnderTest } from '../test/workforce-harness';
import { pipelineBoard } from './read-models/pipeline-board/pipeline-board.projection';
import { Recognition } from './recognition/recognition';
import { businessDay } from '@platform/domain-kit';

const shanghaiToday = businessDay(new Date());
const tomorrow = businessDay(new Date(Date.now() + 86_400_000));
/** Years ahead of whenever the suite runs: a fixed date would expire the certificates one day. */
const longValid = `${Number(shanghaiToday.slice(0, 4)) + 5}-12-31`;

describe('workforce reactions on the real servers: expiry on its own, live feature switches, station messages', () => {
  let wf: WorkforceUnderTest;
  let chat: Awaited<ReturnType<typeof startCaptureServer>>;
  let admin: string;
  let leader: string;
  let pool: Pool;

  beforeAll(async () => {
    chat = await startCaptureServer();
    wf = await startWorkforce({ CHATBOT_WEBHOOK_URL: chat.url });
    pool = wf.app.get(PG_POOL);
    admin = await wf.token('admin', 'admin-1');
    leader = await wf.token('station_leader', 'leader-xh', { branch: 'sh', station: 'sh-xuhui' });
    for (const mutation of [
      `mutation { openBranch(input: { id: "sh", name: { zh: "上海", en: "Shanghai" }, city: "shanghai", businessUnits: [home_cleaning, after_sales] }) { id } }`,
      `mutation { openStation(input: { id: "sh-xuhui", branchId: "sh", name: { zh: "徐汇站", en: "Xuhui" }, leaderId: "leader-xh", districts: ["xuhui"] }) { id } }`,
      `mutation { setItemRequirements(input: { itemCode: "HC-DAILY-3H", certificates: [housekeeping], courses: [], exams: [] }) { items { itemCode } } }`,
    ])
      dataOf(await wf.graphql(admin, mutation));
  });
  afterAll(async () => {
    await wf?.close();
    await chat?.close();
  });

  async function activeWorker(name: string, birthday: string, validTo = longValid, employedSince?: string) {
    const run = async (query: string, variables: Record<string, unknown>) =>
      dataOf(await wf.graphql(leader, query, variables));
    const { applyAsWorker } = await run(
      `mutation($input: ApplicationInput!) { applyAsWorker(input: $input) { id } }`,
      {
        input: {
          name,
          phone: '13900001111',
          birthday,
          stationId: 'sh-xuhui',
          jobTypes: ['housekeeping'],
          languages: ['zh'],
          experienceYears: 2,
          homeLocation: { lat: 31.17, lng: 121.42 },
          serviceAreas: ['xuhui'],
        },
      },
    );
    const id = applyAsWorker.id as string;
    const { submitCertificate } = await run(
      `mutation($id: ID!, $validTo: String!) { submitCertificate(workerId: $id, input: { type: housekeeping, number: "HK-9", issuer: "HSA", validFrom: "2024-01-01", validTo: $validTo }) { certificates { id } } }`,
      { id, validTo },
    );
    await run(`mutation($id: ID!, $c: ID!) { verifyCertificate(workerId: $id, certificateId: $c) { id } }`, {
      id,
      c: submitCertificate.certificates[0].id,
    });
    await run(
      `mutation($id: ID!) { recordReference(workerId: $id, input: { employer: "A", outcome: positive }) { id } }`,
      { id },
    );
    await run(
      `mutation($id: ID!) { recordBackgroundCheck(workerId: $id, checkId: "bg-1", result: clear) { id } }`,
      { id },
    );
    const { activateWorker } = await run(
      `mutation($id: ID!, $since: String) { activateWorker(workerId: $id, employedSince: $since) { status eligibleItems } }`,
      { id, since: employedSince ?? null },
    );
    expect(activateWorker).toEqual({ status: 'active', eligibleItems: ['HC-DAILY-3H'] });
    return id;
  }

  const eventsOf = async (workerId: string, type: string) =>
    (
      await pool.query(
        `SELECT data FROM ${wf.storage}.events WHERE stream_id = $1 AND type = $2 ORDER BY stream_position`,
        [`worker-${workerId}`, type],
      )
    ).rows.map((row) => row.data);

  it('a certificate that runs out makes the worker ineligible on its own, through a durable timer', async () => {
    const id = await activeWorker('陈静', '1990-05-05', tomorrow);
    const timerId = await eventually('the expiry timer to be scheduled', async () => {
      const { rows } = await pool.query(`SELECT id, due_at FROM ${wf.storage}.timers WHERE id LIKE $1`, [
        `certificate-validity:${id}:%:end`,
      ]);
      return rows[0] ? { id: rows[0].id as string, dueAt: rows[0].due_at as Date } : undefined;
    });
    // The certificate's last day is tomorrow: it runs out at the following midnight in Shanghai.
    expect(timerId.dueAt.toISOString()).toBe(
      new Date(Date.parse(`${tomorrow}T00:00:00+08:00`) + 86_400_000).toISOString(),
    );
    // Nobody waits two days in a test: the timer is made due now, as the clock would make it.
    await pool.query(`UPDATE ${wf.storage}.timers SET due_at = now() WHERE id = $1`, [timerId.id]);
    await eventually('WorkerBecameIneligible with certificate_expired', async () => {
      const events = await eventsOf(id, 'WorkerBecameIneligible');
      return events.length === 1 ? events : undefined;
    });
    expect(await eventsOf(id, 'WorkerBecameIneligible')).toEqual([
      { workerId: id, itemCode: 'HC-DAILY-3H', reasons: ['certificate_expired'] },
    ]);
    const { worker } = dataOf(
      await wf.graphql(leader, `query($id: ID!) { worker(id: $id) { eligibleItems } }`, { id }),
    );
    expect(worker.eligibleItems).toEqual([]);
  });

  it('a feature switch takes effect without a restart, is audited, and gates the welcome message', async () => {
    const setting = `{ featureSetting(branchId: "sh", businessUnit: home_cleaning, feature: recognition_messages) { enabled source } }`;
    expect(dataOf(await wf.graphql(leader, setting)).featureSetting).toEqual({
      enabled: false,
      source: 'default',
    });
    const quiet = await activeWorker('赵敏', '1988-01-01');
    dataOf(
      await wf.graphql(
        admin,
        `mutation { switchFeature(input: { branchId: "sh", businessUnit: all, feature: recognition_messages, enabled: true, reason: "pilot in Shanghai" }) { enabled } }`,
      ),
    );
    await eventually('the switch to reach the running service', async () =>
      dataOf(await wf.graphql(leader, setting)).featureSetting.enabled ? true : undefined,
    );
    expect(dataOf(await wf.graphql(leader, setting)).featureSetting.source).toBe('branch');
    // The audit is a read model of its own (the settings above come from another consumer group).
    const featureAudit = await eventually('the switch in the audit', async () => {
      const { featureAudit } = dataOf(
        await wf.graphql(
          admin,
          `{ featureAudit(branchId: "sh") { feature enabled reason actorId actorRole } }`,
        ),
      );
      return featureAudit.length > 0 ? featureAudit : undefined;
    });
    expect(featureAudit).toEqual([
      {
        feature: 'recognition_messages',
        enabled: true,
        reason: 'pilot in Shanghai',
        actorId: 'admin-1',
        actorRole: 'admin',
      },
    ]);
    expect(errorOf(await wf.graphql(leader, `{ featureAudit(branchId: "sh") { feature } }`)).code).toBe(
      'FORBIDDEN',
    );

    const welcomed = await activeWorker('孙丽', '1992-03-03');
    const card = await eventually('the welcome card at the chat bot', async () =>
      chat.requests.find((r) => r.headers['idempotency-key'] === `welcome-${welcomed}`),
    );
    expect(JSON.stringify(card.body)).toContain('欢迎新同事 **孙丽** 加入');
    expect(chat.requests.some((r) => r.headers['idempotency-key'] === `welcome-${quiet}`)).toBe(false);
  });

  it("reminds the station leader of today's birthdays and anniversaries once, and announces regular workers", async () => {
    // Leap years, so that today's month and day make a real date even on 29 February.
    const thisYearsBirthday = `1988-${shanghaiToday.slice(5)}`;
    const birthday = await activeWorker(
      '周红梅',
      thisYearsBirthday,
      longValid,
      `2016-${shanghaiToday.slice(5)}`,
    );
    await eventually('the worker on the board', async () => {
      const row = await wf.app.get(ReadModels).documents(pipelineBoard).get(birthday);
      return row?.status === 'active' ? true : undefined;
    });
    const recognition = wf.app.get(Recognition);
    expect(await recognition.sendReminders(shanghaiToday)).toBeGreaterThanOrEqual(2);
    await recognition.sendReminders(shanghaiToday);
    const cards = await eventually('both reminders delivered', async () => {
      const found = chat.requests.filter((r) =>
        [`birthday-${birthday}-${shanghaiToday}`, `anniversary-${birthday}-${shanghaiToday}`].includes(
          String(r.headers['idempotency-key']),
        ),
      );
      return found.length === 2 ? found : undefined;
    });
    expect(JSON.stringify(cards.map((c) => c.body))).toContain('To 站长 leader-xh');
    expect(JSON.stringify(cards.map((c) => c.body))).toContain(
      `入职${Number(shanghaiToday.slice(0, 4)) - 2016}周年快乐`,
    );

    const cs = await wf.token('cs_agent', 'cs-1', { branch: 'sh' });
    const { nameRegularWorker } = dataOf(
      await wf.graphql(
        cs,
        `mutation($w: ID!) { nameRegularWorker(customerId: "cust-9", itemCode: "HC-DAILY-3H", workerId: $w) { workerId stationId } }`,
        {
          w: birthday,
        },
      ),
    );
    expect(nameRegularWorker).toEqual({ workerId: birthday, stationId: 'sh-xuhui' });
    await eventually('the regular-worker announcement', async () =>
      chat.requests.find((r) => JSON.stringify(r.body).includes('指定服务人员')),
    );
    const customer = await wf.token('customer', 'cust-other');
    expect(
      errorOf(await wf.graphql(customer, `{ regularWorkers(customerId: "cust-9") { workerId } }`)).code,
    ).toBe('FORBIDDEN');
    // Nothing was sent twice, whatever the redeliveries and repeated runs.
    const keys = chat.requests.map((r) => String(r.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
