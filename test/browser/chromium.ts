import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { join } from 'node:path';

/**
 * Debian's Chromium, headless, driven by playwright-core (scripts/ensure-browser.sh installs it).
 * The networking flags keep it from calling Google's services, which this machine's closed network
 * refuses many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone's screen: the worker and customer views are made for it. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1360, height: 860 } };

/** Accessibility violations a person would be blocked by (axe's serious and critical), with where. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The README's screenshots are the tests' own: every run takes them (into .local/screenshots), and
 * `UPDATE_SCREENSHOTS=true npm test` (or the browser spec alone) writes them to docs/screenshots.
 */
export const screenshot = (page: Page, name: string) => {
  const dir = process.env.UPDATE_SCREENSHOTS === 'true' ? ['docs', 'screenshots'] : ['.local', 'screenshots'];
  return page.screenshot({ path: join(__dirname, '..', '..', ...dir, `${name}.png`) });
};

/** Errors the page threw or logged: a screen must not fail quietly. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
