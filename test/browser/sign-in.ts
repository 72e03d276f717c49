import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { launchChromium, pageErrors } from './chromium';

/** A demo person's button on the sign-in page (by name), or any role and id typed into the form. */
export type Person = RegExp | { role: string; sub: string; branch?: string; station?: string };

const roleLabels: Record<string, string> = {
  admin: '管理员',
  dispatcher: '调度员',
  cs_agent: '客服',
  station_leader: '站长',
  worker: '师傅',
  customer: '顾客',
};

/** A browser context as a person in China opens the app: Chinese, Shanghai time. */
export const newContext = (browser: Browser, options: BrowserContextOptions) =>
  browser.newContext({ ...options, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** Signs in through the development sign-in page and waits until the app has left it. */
export async function signInThroughPage(context: BrowserContext, base: string, person: Person) {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${base}/`);
  await page.waitForURL(/\/sign-in/);
  // The demo people arrive after the page: the form moves down when they do.
  await page
    .getByRole('button', { name: /以此身份登录/ })
    .first()
    .waitFor();
  if (person instanceof RegExp) await page.getByRole('button', { name: person }).click();
  else {
    const label = roleLabels[person.role];
    if (!label) throw new Error(`no sign-in label for role ${person.role}: add it to roleLabels`);
    await page.getByLabel('角色').click();
    await page.locator(`.ant-select-item-option[title="${label}"]`).click();
    await page.locator(`.ant-select-content-has-value[title="${label}"]`).waitFor({ timeout: 5_000 });
    await page.getByLabel('用户 ID').fill(person.sub);
    if (person.branch) await page.getByLabel('分公司').fill(person.branch);
    if (person.station) await page.getByLabel('服务站').fill(person.station);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
  }
  await page
    .waitForURL((url) => !url.pathname.startsWith('/sign-in'))
    .catch(async (error: Error) => {
      const said = await page.getByRole('alert').allTextContents();
      throw new Error(`still on sign-in (${said.join('; ') || 'nothing said'}): ${error.message}`);
    });
  return { page, errors };
}

/** One headless Chromium for a spec, and every person signed in on it, each in a context of their own. */
export class SignedInBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly browser: Browser,
    private readonly base: string,
  ) {}

  static async launch(base: string): Promise<SignedInBrowser> {
    return new SignedInBrowser(await launchChromium(), base);
  }

  /** A fresh context (a device), closed with the browser. */
  async newContext(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await newContext(this.browser, options);
    this.contexts.push(context);
    return context;
  }

  /** A new device signed in through the sign-in page as one demo person or any role and id. */
  async signedIn(options: BrowserContextOptions, person: Person) {
    return signInThroughPage(await this.newContext(options), this.base, person);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser.close();
  }
}
