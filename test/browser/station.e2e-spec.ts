import { eventually, publishEvents } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { DemoData } from '../../services/workforce/src/demo/demo-data';
import { DESKTOP, PHONE, screenshot, seriousViolations } from './chromium';
import { startConsolePlatform, type PlatformUnderTest } from './platform';
import { SignedInBrowser, type Person } from './sign-in';

/** Years ahead of whenever the suite runs: a fixed date would expire the certificates one day. */
const VALID_TO = `${new Date().getUTCFullYear() + 3}-12-31`;

/**
 * The station leader's screens and the worker's own profile in headless Chromium against the real
 * platform: workers at different steps of the pipeline in station sh-xuhui (and one in sh-pudong),
 * the leader (徐站长) acting on them, another station's leader not seeing them, the leaderboard,
 * and a worker's phone.
 */
describe('station leader screens and the worker profile in a real browser', () => {
  let platform: PlatformUnderTest;
  let people: SignedInBrowser;
  let base: string;
  let admin: string;
  const ids: Record<'verify' | 'reject' | 'exam' | 'phone' | 'peer' | 'pudong', string> = {} as never;

  const graph = async (query: string, variables: Record<string, unknown> = {}) => {
    const answer = await graphqlPost(platform.gateway.url, query, { token: admin, variables });
    if (answer.errors?.length) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(answer.errors)}`);
    return answer.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  /** An applicant, then the steps given, as the station's staff would record them. */
  async function worker(
    name: string,
    stationId: string,
    steps: {
      check?: boolean;
      certificate?: 'housekeeping' | 'maternity_care';
      verify?: boolean;
      reference?: boolean;
      activate?: boolean;
      course?: string;
    },
  ) {
    const { applyAsWorker } = await graph(
      `mutation($input: ApplicationInput!) { applyAsWorker(input: $input) { id } }`,
      {
        input: {
          name,
          phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
          birthday: '1986-04-12',
          stationId,
          jobTypes: ['housekeeping'],
          languages: ['zh'],
          experienceYears: 4,
          homeLocation: { lat: 31.18, lng: 121.43 },
          serviceAreas: ['xuhui'],
        },
      },
    );
    const workerId = applyAsWorker.id as string;
    const vars = { id: workerId };
    if (steps.check)
      await graph(`mutation($id: ID!) { recordBackgroundCheck(workerId: $id, checkId: "bg-${workerId}", result: clear) { id } }`, vars);
    if (steps.certificate) {
      const { submitCertificate } = await graph(
        `mutation($id: ID!, $type: CertificateType!) { submitCertificate(workerId: $id, input: { type: $type, number: "CN-${workerId}", issuer: "上海市人社局", validFrom: "2024-01-01", validTo: "${VALID_TO}" }) { certificates { id } } }`,
        { ...vars, type: steps.certificate },
      );
      if (steps.verify)
        await graph(`mutation($id: ID!, $c: ID!) { verifyCertificate(workerId: $id, certificateId: $c) { id } }`, {
          ...vars,
          c: submitCertificate.certificates[0].id,
        });
    }
    if (steps.reference)
      await graph(`mutation($id: ID!) { recordReference(workerId: $id, input: { employer: "锦江家政", outcome: positive }) { id } }`, vars);
    if (steps.activate) await graph(`mutation($id: ID!) { activateWorker(workerId: $id) { id } }`, vars);
    if (steps.course) await graph(`mutation($id: ID!, $c: String!) { completeCourse(workerId: $id, courseCode: $c) { id } }`, { ...vars, c: steps.course });
    return workerId;
  }

  /** A job checked in and completed now, as the orders service publishes it: the leaderboard counts it. */
  const completedJob = (workerId: string) => {
    const orderId = randomUUID();
    return [
      { context: 'orders', streamId: `order-${orderId}`, streamPosition: 0, type: 'JobCheckedIn', data: { orderId, workerId, position: { lat: 31.18, lng: 121.43 }, distanceMeters: 30 } },
      {
        context: 'orders',
        streamId: `order-${orderId}`,
        streamPosition: 1,
        type: 'JobCompleted',
        data: { orderId, workerId, checklistDone: 5, checklistTotal: 5, photos: 2, sparePartRequests: 0 },
      },
    ];
  };

  beforeAll(async () => {
    platform = await startConsolePlatform();
    base = platform.base;
    admin = await tokenFor({ sub: 'admin-station-spec', role: 'admin' });
    // The demo organisation (branches, stations sh-xuhui and sh-pudong) and training catalogue, no demo workers.
    await platform.workforce.app.get(DemoData).seed(() => {}, 0);
    ids.verify = await worker('陈静', 'sh-xuhui', { check: true, certificate: 'housekeeping', reference: true });
    ids.reject = await worker('李娟', 'sh-xuhui', { certificate: 'housekeeping' });
    ids.exam = await worker('赵敏', 'sh-xuhui', {
      check: true,
      certificate: 'maternity_care',
      verify: true,
      reference: true,
      activate: true,
      course: 'MC-201',
    });
    ids.phone = await worker('王芳', 'sh-xuhui', {
      check: true,
      certificate: 'housekeeping',
      verify: true,
      reference: true,
      activate: true,
      course: 'HK-101',
    });
    ids.peer = await worker('孙丽', 'sh-xuhui', { check: true, certificate: 'housekeeping', verify: true, reference: true, activate: true, course: 'HK-101' });
    ids.pudong = await worker('周霞', 'sh-pudong', { certificate: 'housekeeping' });
    // The phone's worker: exam scores, and a second certificate the station rejected with a reason.
    for (const [kind, score] of [['theory', 75], ['practical', 65]] as const)
      await graph(`mutation($id: ID!) { recordExam(workerId: $id, examCode: "HK-EXAM", kind: ${kind}, score: ${score}) { id } }`, { id: ids.phone });
    const { submitCertificate } = await graph(
      `mutation($id: ID!) { submitCertificate(workerId: $id, input: { type: elderly_care, number: "EC-77", issuer: "上海市民政局", validFrom: "2024-01-01", validTo: "${VALID_TO}" }) { certificates { id type } } }`,
      { id: ids.phone },
    );
    const elderly = submitCertificate.certificates.find((c: { type: string }) => c.type === 'elderly_care').id;
    await graph(`mutation($id: ID!, $c: ID!) { rejectCertificate(workerId: $id, certificateId: $c, reason: "证书照片不清晰") { id } }`, {
      id: ids.phone,
      c: elderly,
    });
    // This month: two jobs for 王芳, one for 孙丽.
    await publishEvents(`${platform.orders.storage}.`, [...completedJob(ids.phone), ...completedJob(ids.phone), ...completedJob(ids.peer)]);
    await eventually(
      'the month’s jobs on sh-xuhui’s board',
      async () => {
        const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
        const { leaderboard } = await graph(
          `query($m: String!) { leaderboard(month: $m, scope: STATION, scopeId: "sh-xuhui", metric: JOBS_COMPLETED) { entries { workerId value } } }`,
          { m: month },
        );
        return leaderboard.entries.length === 2 ? true : undefined;
      },
      60_000,
    );
    people = await SignedInBrowser.launch(base);
  }, 240_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
  });

  const signedIn = (options: BrowserContextOptions, person: Person) => people.signedIn(options, person);
  const rowOf = (page: Page, workerId: string) => page.locator(`tr[data-worker-id="${workerId}"]`);
  /** The step's count in the board's step switch, e.g. 待核验证书 2. */
  const count = (page: Page, step: string, n: number) => page.getByText(`${step} ${n}`, { exact: true });
  const drawer = (page: Page): Locator => page.getByRole('dialog');

  it('lets the station leader verify and reject certificates, record an exam and activate a worker, the counts following', async () => {
    const { page, errors } = await signedIn(DESKTOP, /徐站长/);
    await page.waitForURL(/\/pipeline$/);
    await page.getByRole('heading', { name: '师傅入职看板' }).waitFor();
    await rowOf(page, ids.verify).waitFor({ timeout: 15_000 });
    await count(page, '待核验证书', 2).waitFor();
    await count(page, '待激活', 0).waitFor();
    await count(page, '待考试', 1).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'pipeline-board');

    // Verify 陈静's certificate: her vetting is then complete, and she waits for activation.
    await rowOf(page, ids.verify).getByRole('button', { name: '核验证书' }).click();
    await drawer(page).getByText('陈静 的档案').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await drawer(page).getByRole('button', { name: '核验证书' }).click();
    await drawer(page).getByText('已核验', { exact: true }).waitFor({ timeout: 15_000 });
    await count(page, '待核验证书', 1).waitFor({ timeout: 15_000 });
    await count(page, '待激活', 1).waitFor();
    await screenshot(page, 'pipeline-worker');

    // Activate her from the drawer.
    await drawer(page).getByRole('button', { name: /^激\s*活$/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /^激\s*活$/ }).click();
    await drawer(page).getByText('在岗').first().waitFor({ timeout: 15_000 });
    await count(page, '待激活', 0).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Close' }).or(page.getByRole('button', { name: '关闭' })).first().click();
    await expect(rowOf(page, ids.verify).textContent()).resolves.toContain('在岗');

    // Reject 李娟's: without a reason the field says so, with one the certificate is rejected.
    await rowOf(page, ids.reject).getByRole('button', { name: '李娟' }).click();
    await drawer(page).getByText('李娟 的档案').waitFor();
    await drawer(page).getByRole('button', { name: '驳回证书' }).click();
    await drawer(page).locator('.ant-form-item').filter({ hasText: '驳回原因' }).getByText('必填').waitFor();
    await drawer(page).getByLabel('驳回原因', { exact: true }).fill('证书编号查无此证');
    await drawer(page).getByRole('button', { name: '驳回证书' }).click();
    await drawer(page).getByText('驳回原因：证书编号查无此证').waitFor({ timeout: 15_000 });
    await count(page, '待核验证书', 0).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Close' }).or(page.getByRole('button', { name: '关闭' })).first().click();

    // Record 赵敏's theory exam (she waits for training and the exam: her name opens her file);
    // taking a passed part again is refused on the part's field.
    await rowOf(page, ids.exam).getByRole('button', { name: '赵敏' }).click();
    await drawer(page).getByText('赵敏 的档案').waitFor();
    await drawer(page).getByText('母婴护理考核').first().waitFor();
    await drawer(page).getByLabel('分数').fill('82');
    await drawer(page).getByRole('button', { name: /提\s*交/ }).click();
    await drawer(page).getByText(/母婴护理考核：理论\s*通过/).waitFor({ timeout: 15_000 });
    await drawer(page).getByLabel('分数').fill('90');
    await drawer(page).getByRole('button', { name: /提\s*交/ }).click();
    await drawer(page).locator('.ant-form-item').filter({ hasText: '科目' }).getByText(/already passed/).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });

  it("keeps another station's leader to their own workers", async () => {
    const { page, errors } = await signedIn(DESKTOP, { role: 'station_leader', sub: 'leader-sh-pudong', branch: 'shanghai', station: 'sh-pudong' });
    await page.waitForURL(/\/pipeline$/);
    await rowOf(page, ids.pudong).waitFor({ timeout: 15_000 });
    for (const id of [ids.verify, ids.reject, ids.exam, ids.phone]) await expect(rowOf(page, id).count()).resolves.toBe(0);
    await page.getByLabel('师傅 ID、姓名或手机尾号').fill('陈静');
    await page.getByLabel('师傅 ID、姓名或手机尾号').press('Enter');
    await page.getByText('共 0 位师傅').or(page.locator('.ant-empty')).first().waitFor();
    await expect(rowOf(page, ids.verify).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows the station's leaderboard as a table and a chart, and the station's jobs", async () => {
    const { page, errors } = await signedIn(DESKTOP, /徐站长/);
    await page.getByRole('link', { name: '排行榜' }).click();
    await page.getByRole('heading', { name: '排行榜' }).waitFor();
    await page.getByText('共 2 位师傅上榜').waitFor({ timeout: 15_000 });
    const rows = page.locator('.ant-table-row');
    await expect(rows.nth(0).textContent()).resolves.toMatch(/^1王芳.*2/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/^2孙丽.*1/);
    await page.getByRole('img', { name: '完成工单数排行' }).locator('canvas').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'leaderboard');

    await page.getByRole('link', { name: '本站工单' }).click();
    await page.getByRole('heading', { name: '本站工单' }).waitFor();
    await page.locator('.ant-table').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a worker, on the phone, their certificates, exams and this month’s rank', async () => {
    const { page, errors } = await signedIn(PHONE, { role: 'worker', sub: ids.phone });
    await page.waitForURL(/\/m\/offers/);
    await page.getByText('我的', { exact: true }).last().click();
    await page.waitForURL(/\/m\/me$/);
    await page.getByText('第 1 名 / 共 2 人').waitFor({ timeout: 15_000 });
    await page.getByText('2 单').waitFor();
    await page.getByText('家政服务证').waitFor();
    await page.getByText('已核验', { exact: true }).waitFor();
    await page.getByText(/驳回原因：证书照片不清晰/).waitFor();
    await page.getByText(/理论：通过 75 · 实操：未通过 65/).waitFor();
    await page.getByText('已完成 1/1 门课程').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'worker-profile');
    expect(errors).toEqual([]);
  });
});
