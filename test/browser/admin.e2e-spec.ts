import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { sampleStaffCsv } from '../../services/workforce/test/support/sample-staff';
import { DESKTOP, screenshot, seriousViolations } from './chromium';
import { SignedInBrowser, type Person } from './sign-in';
import { startConsolePlatform, type PlatformUnderTest } from './platform';

const BRANCH = 'shanghai';
const STATION = `sh-admin-${randomUUID().slice(0, 6)}`;

/**
 * The admin's screens in headless Chromium against the real platform: the service catalogue,
 * feature switches with their audit, the dispatch policy, staff imports; and what others see there.
 */
describe('admin screens in a real browser', () => {
  let platform: PlatformUnderTest;
  let people: SignedInBrowser;
  let base: string;

  beforeAll(async () => {
    platform = await startConsolePlatform();
    base = platform.base;
    const admin = await tokenFor({ sub: 'spec-admin', role: 'admin' });
    const run = async (query: string) => {
      const answer = await graphqlPost(platform.gateway.url, query, { token: admin });
      // A branch the platform already knows is fine; anything else is not.
      if (answer.errors?.some((e) => !/exists/.test(e.message))) throw new Error(JSON.stringify(answer.errors));
    };
    await run(
      `mutation { openBranch(input: { id: "${BRANCH}", name: { zh: "上海", en: "Shanghai" }, city: "shanghai", businessUnits: [home_cleaning, after_sales] }) { id } }`,
    );
    await run(
      `mutation { openStation(input: { id: "${STATION}", branchId: "${BRANCH}", name: { zh: "测试站", en: "Test station" }, leaderId: "leader-admin-spec", districts: ["xuhui"] }) { id } }`,
    );
    await eventually('the branch and its station in the branch directory', async () => {
      const { data } = await graphqlPost(platform.gateway.url, '{ branches { id stations { id } } }', { token: admin });
      const branches = (data?.branches ?? []) as { id: string; stations: { id: string }[] }[];
      return branches.some((b) => b.id === BRANCH && b.stations.some((s) => s.id === STATION));
    });
    people = await SignedInBrowser.launch(base);
  }, 180_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
  });

  const signedIn = (person: Person) => people.signedIn(DESKTOP, person);

  /** The help text under a form field, found by the field's label. */
  const helpOf = (page: Page, label: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .last()
      .locator('.ant-form-item-explain-error');

  const pick = async (page: Page, title: string) => {
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click();
  };

  it('drafts a catalogue item with its checklist (a negative price and an empty check refused where they stand), publishes it and sees it published', async () => {
    const { page, errors } = await signedIn(/平台管理员/);
    await page.getByRole('link', { name: '服务目录' }).click();
    await page.getByRole('heading', { name: '服务目录' }).waitFor();
    await page.locator('tr[data-code]').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const code = `HC-BALCONY-${randomUUID().slice(0, 4).toUpperCase()}`;
    await page.getByRole('button', { name: '新建草稿' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('编码', { exact: true }).fill(code);
    await drawer.getByLabel('中文名称', { exact: true }).fill('阳台深度清洁');
    await drawer.getByLabel('英文名称', { exact: true }).fill('Balcony deep cleaning');
    await drawer.getByLabel('基础价格（元）', { exact: true }).fill('-88');
    await drawer.getByLabel('标准时长（分钟）', { exact: true }).fill('120');
    await drawer.getByLabel('所需资质', { exact: true }).fill('housekeeping');
    await drawer.getByLabel('区域 1 区域名称', { exact: true }).fill('阳台');
    await drawer.getByLabel('区域 1 检查项 1', { exact: true }).fill('地面无尘无水渍');
    // A second check added but left empty: refused on that very row.
    await drawer.getByRole('button', { name: '添加检查项 (区域 1)' }).click();
    await drawer.getByRole('button', { name: '添加区域' }).click();
    await drawer.getByLabel('区域 2 区域名称', { exact: true }).fill('晾衣架');
    await drawer.getByLabel('区域 2 检查项 1', { exact: true }).fill('杆件擦拭干净');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();

    // The subgraph's refusal stands under the price, where the admin typed it.
    const priceRefusal = helpOf(page, '基础价格（元）');
    await priceRefusal.waitFor({ timeout: 15_000 });
    await expect(priceRefusal.textContent()).resolves.toMatch(/0/);
    await helpOf(page, '区域 1 检查项 2').waitFor();
    await expect(helpOf(page, '区域 1 检查项 1').count()).resolves.toBe(0);
    await screenshot(page, 'admin-catalogue-editor');

    await drawer.getByLabel('基础价格（元）', { exact: true }).fill('88');
    await drawer.getByLabel('区域 1 检查项 2', { exact: true }).fill('玻璃无水痕');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.locator(`tr[data-code="${code}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toMatch(/阳台深度清洁[\s\S]*¥88\.00[\s\S]*2 个区域，3 个检查项[\s\S]*草稿/);

    await row.getByRole('button', { name: /发\s*布/ }).click();
    await row.getByText('已发布').waitFor({ timeout: 15_000 });

    // The published filter shows it too.
    await page.getByLabel('状态', { exact: true }).click();
    await pick(page, '已发布');
    await row.waitFor();
    await expect(page.locator('tr[data-code]').getByText('草稿').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-catalogue');
    expect(errors).toEqual([]);
  });

  it("switches a feature for a branch's business unit and sees the audit entry beside it", async () => {
    const { page, errors } = await signedIn(/平台管理员/);
    await page.goto(`${base}/admin/features`);
    await page.getByRole('heading', { name: '功能开关' }).waitFor();
    await page.getByLabel('分公司', { exact: true }).click();
    await pick(page, `上海 (${BRANCH})`);
    const autoDispatch = page.getByLabel('自动派单 · 家政保洁', { exact: true });
    await autoDispatch.waitFor();

    // Without a reason, nothing is switched.
    await autoDispatch.click();
    await pick(page, '开启');
    await helpOf(page, '变更原因').filter({ hasText: '必填' }).waitFor();

    const reason = `试点自动派单 ${randomUUID().slice(0, 4)}`;
    await page.getByLabel('变更原因', { exact: true }).fill(reason);
    await page.getByLabel('自动派单 · 家政保洁', { exact: true }).click();
    await pick(page, '开启');
    const audit = page.getByRole('table', { name: '变更审计' }).or(page.locator('[aria-label="变更审计"]'));
    const entry = audit.locator('tr').filter({ hasText: reason });
    await entry.waitFor({ timeout: 15_000 });
    await expect(entry.textContent()).resolves.toMatch(/自动派单（家政保洁）→ 开启/);
    await expect(entry.textContent()).resolves.toContain('demo-admin');
    // The switch reads its setting again: on, set for this unit.
    await eventually('the switch shows the new setting', async () => {
      const cell = page.locator('td').filter({ has: page.getByLabel('自动派单 · 家政保洁', { exact: true }) });
      const text = (await cell.textContent()) ?? '';
      return text.includes('开启') && text.includes('本业务单独设置');
    });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-features');
    expect(errors).toEqual([]);
  });

  it("changes the dispatch policy's offer timeout with a reason (a bad value refused by its field) and sees the version go up", async () => {
    const { page, errors } = await signedIn(/平台管理员/);
    await page.goto(`${base}/admin/policy`);
    await page.getByRole('heading', { name: '派单策略' }).waitFor();
    await page.getByLabel('分公司', { exact: true }).click();
    await pick(page, `上海 (${BRANCH})`);
    const version = page.getByTestId('policy-version');
    await version.waitFor();
    const before = Number(/版本 (\d+)/.exec((await version.textContent()) ?? '')?.[1]);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);

    const timeout = page.getByLabel('邀约超时（秒）', { exact: true });
    await timeout.fill('2');
    await page.getByLabel('变更原因', { exact: true }).fill('晚高峰师傅接单慢，延长邀约时间');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await helpOf(page, '邀约超时（秒）').waitFor({ timeout: 15_000 });
    await expect(version.textContent()).resolves.toContain(`版本 ${before}`);

    await timeout.fill('180');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await version.filter({ hasText: `版本 ${before + 1}` }).waitFor({ timeout: 15_000 });
    await expect(timeout.inputValue()).resolves.toBe('180');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-policy');
    expect(errors).toEqual([]);
  });

  it('uploads a staff file and follows the import to the end, with the bad line, its column and why', async () => {
    const { page, errors } = await signedIn(/平台管理员/);
    await page.goto(`${base}/admin/staff-import`);
    await page.getByRole('heading', { name: '员工导入' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Two workers: line 2 good, line 3 with a phone number that is not a mobile number.
    const csv = sampleStaffCsv(2, [STATION], { bad: 1, prefix: `A${Date.now() % 100000}-` });
    await page.locator('input[type="file"]').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: csv });

    const status = page.getByRole('status', { name: '导入进度' });
    await status.filter({ hasText: '已完成' }).waitFor({ timeout: 60_000 });
    const badLines = page.getByRole('table', { name: '问题行' }).or(page.locator('[aria-label="问题行"]'));
    const bad = badLines.locator('tbody tr').filter({ hasText: 'phone' });
    await bad.waitFor();
    const cells = await bad.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['3', 'C', 'phone']);
    expect(cells[3]).not.toBe('');
    const stats = await page.locator('.ant-statistic').allTextContents();
    expect(stats).toEqual(expect.arrayContaining(['读取行数2', '新增师傅1', '失败行1']));
    await screenshot(page, 'admin-staff-import');
    expect(errors).toEqual([]);
  });

  it('tells a dispatcher who opens an admin page that it is for admins, and shows them no admin menu', async () => {
    const { page, errors } = await signedIn(/王调度/);
    await page.getByRole('heading', { name: /订单收件箱/ }).waitFor();
    const menu = page.getByRole('navigation');
    await menu.getByRole('link', { name: '订单收件箱' }).waitFor();
    await expect(menu.getByText('系统管理').count()).resolves.toBe(0);
    await expect(menu.getByRole('link', { name: /服务目录|功能开关|派单策略|员工导入/ }).count()).resolves.toBe(0);
    await page.goto(`${base}/admin/catalogue`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/仅供平台管理员使用；你当前的身份是调度员/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-refused');
    expect(errors).toEqual([]);
  });

  it("lets a station leader import their station's staff, and nothing else of the admin's", async () => {
    const { page, errors } = await signedIn({ role: 'station_leader', sub: 'leader-admin-spec', branch: BRANCH, station: STATION });
    await page.getByRole('link', { name: '员工导入' }).click();
    await page.getByRole('heading', { name: '员工导入' }).waitFor();
    await expect(page.getByRole('link', { name: '服务目录' }).count()).resolves.toBe(0);
    await page.goto(`${base}/admin/catalogue`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/你当前的身份是站长/);
    expect(errors).toEqual([]);
  });
});
