import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inCi } from './databases.ts';

/** Debian's Chromium; never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Skipped locally without Chromium, a failure in CI. */
export function requireChromium(t: TestContext): boolean {
  if (existsSync(chromiumPath)) return true;
  if (inCi) throw new Error(`Browser tests need Chromium at ${chromiumPath} (apt-get install chromium).`);
  t.skip(`needs Chromium at ${chromiumPath}`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
}

export type CheckedPage = Page & { problems: string[] };

/**
 * A page that records console errors and uncaught exceptions (CSP violations included), so a
 * test can insist there were none.
 */
export async function openPage(
  browser: Browser,
  options: { locale?: string; timezoneId?: string } = {},
): Promise<CheckedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
  const page = (await context.newPage()) as CheckedPage;
  page.problems = [];
  page.on('console', (message) => {
    // Expected API refusals show up as failed resource loads; everything else is a problem.
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    ) {
      page.problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.setDefaultTimeout(15_000);
  return page;
}

/** Runs axe-core on the page as it is now; fails on any serious or critical violation. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) still holds.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
    }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `${label}: accessibility violations`);
}

/** Goes to `url` and checks the page it lands on. */
export async function visit(page: CheckedPage, url: string, label = url): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await assertAccessible(page, label);
}
