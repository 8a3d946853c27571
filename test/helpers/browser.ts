import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, type TestContext } from 'node:test';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { defaultWebDir } from '../../src/http/app.ts';
import type { StaffRole } from '../../src/security/access.ts';
import { createStaffUser } from '../../src/staff/service.ts';
import { startTestApp, type TestApp, type TestAppOptions, testPassword } from './app.ts';
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
export type PageOptions = {
  locale?: string;
  timezoneId?: string;
  viewport?: { width: number; height: number };
};

export async function openPage(browser: Browser, options: PageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    viewport: options.viewport ?? { width: 1280, height: 900 },
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

/** Korean particle placeholders that a template assembled instead of choosing: 을(를), (으)로, … */
const particlePlaceholder = /\((으|을|를|은|는|이|가|와|과)\)|을\/를|은\/는|이\/가/;

/**
 * Runs of three or more Latin words: an English sentence left on a Korean page. `allowed`
 * lists what may stay Latin (names, codes, addresses); emails, URLs and codes are removed first.
 */
export async function assertKoreanPage(page: Page, label: string, allowed: string[] = []): Promise<void> {
  // Codes (`<code>`: short names, keys, references) are data, not sentences.
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const code of Array.from(copy.querySelectorAll('code, kbd, samp'))) code.remove();
    document.body.append(copy);
    copy.hidden = false;
    const visible = copy.innerText;
    copy.remove();
    return visible;
  });
  assert.doesNotMatch(text, particlePlaceholder, `${label}: a particle placeholder`);
  const breaking = await page.evaluate(() => getComputedStyle(document.body).wordBreak);
  assert.equal(breaking, 'keep-all', `${label}: Korean lines break between words, not inside them`);
  let rest = text
    .replace(/\S+@\S+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, ' ');
  for (const phrase of ['Onramp', ...allowed]) rest = rest.split(phrase).join(' ');
  const latin = rest.match(/\b[A-Za-z][A-Za-z'’]+(?:[ ,]+[A-Za-z][A-Za-z'’]+){2,}/g) ?? [];
  assert.deepEqual(latin, [], `${label}: English left on a Korean page`);
}

/**
 * At a phone's width nothing may be cut off: the page does not scroll sideways, and a table
 * wider than the screen sits in a box that scrolls it. Saves a screenshot under test-results/.
 */
export async function assertFitsPhone(page: Page, label: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
    }
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const box = table.parentElement;
      const scrolls = box && getComputedStyle(box).overflowX === 'auto';
      const right = table.getBoundingClientRect().right;
      if (!scrolls && right > width + 1) found.push(`a table reaches ${Math.round(right)}px`);
      // A column squeezed below a word's width shows text a letter per line.
      for (const cell of Array.from(table.querySelectorAll('td, th'))) {
        const text = (cell.textContent ?? '').trim();
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
        if (text.length >= 6 && lines > text.length / 2)
          found.push(`a column squeezed: "${text.slice(0, 20)}"`);
      }
    }
    return found;
  });
  await page.screenshot({ path: `test-results/390/${label.replace(/[^\w-]+/g, '-')}.png`, fullPage: true });
  assert.deepEqual(problems, [], `${label}: cut off at a phone's width`);
}

export type BrowserSuite = {
  /** Set before the suite's tests. */
  app: TestApp;
  /** The app's base URL, set before the suite's tests. */
  base: string;
  /** A page in a context of its own, in the suite's Chromium (launched for its first page). */
  page(options?: PageOptions): Promise<CheckedPage>;
};

/**
 * For the suite this is called in: the app serving its web pages on a free port, started (then
 * `seed`ed) before the tests, and one Chromium for them; both closed after the tests.
 */
export function browserSuite(
  options: TestAppOptions = {},
  seed?: (app: TestApp) => Promise<unknown>,
): BrowserSuite {
  let browser: Browser | undefined;
  let app: TestApp | undefined;
  let base: string | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite has not started yet');
    return value;
  };
  before(async () => {
    app = await startTestApp({ webDir: defaultWebDir, ...options });
    base = await app.listen();
    await seed?.(app);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app() {
      return started(app);
    },
    get base() {
      return started(base);
    },
    async page(pageOptions = {}) {
      browser ??= await launchBrowser();
      return openPage(browser, pageOptions);
    },
  };
}

/** The staff member the console suites sign in as. */
const rep = { email: 'rep@onramp.test', password: testPassword };

export async function createRep(app: TestApp, roles: StaffRole[]): Promise<void> {
  await createStaffUser(app.ctx, { ...rep, name: 'Riley Rep', roles }, { actor: { type: 'system' } });
}
