import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultWebDir } from '../../src/http/app.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { assertAccessible, launchBrowser, openPage, requireChromium, visit } from '../helpers/browser.ts';
import { startOpenIdProvider, type TestOpenIdProvider } from '../helpers/oidc-provider.ts';
import { freePort } from '../helpers/processes.ts';

describe('"Sign in with SSO" in the console, in Chromium', () => {
  let provider: TestOpenIdProvider;
  let app: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startOpenIdProvider(`${base}/console/sso/callback`);
    provider.accounts.set('lin', { email: 'lin@corp.test', name: 'Lin Park', groups: ['cx'] });
    provider.accounts.set('guest', { email: 'guest@corp.test', name: 'Guest', groups: ['visitors'] });
    app = await startTestApp({
      webDir: defaultWebDir,
      env: provider.env({ PUBLIC_URL: base, STAFF_PASSWORD_SIGNIN: '0' }),
    });
    await app.listen(port);
  });
  after(async () => {
    await browser?.close();
    await app.close();
    await provider.close();
  });

  const signInAt = async (login: string, from = '/console/verification') => {
    const page = await openPage(browser);
    await visit(page, `${base}${from}`, 'console');
    await page.waitForURL(/\/console\/sign-in/);
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
    assert.equal(await page.getByLabel('Password').count(), 0, 'SSO only: no password form');
    await assertAccessible(page, 'SSO sign-in');
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Test identity provider' }).waitFor();
    await page.getByLabel('Login').fill(login);
    await page.getByRole('button', { name: 'Continue' }).click();
    return page;
  };

  test('a member with a mapped group lands on the page they asked for, signed in', async (t) => {
    if (!requireChromium(t)) return;
    browser = await launchBrowser();
    const page = await signInAt('lin');
    await page.waitForURL(`${base}/console/verification`);
    await page.getByText('Lin Park').first().waitFor();
    assert.equal(page.url().includes('code='), false, 'the code is not left in the address bar');
    assert.deepEqual(page.problems, []);
  });

  test('a provider account with no Onramp role sees a calm 403 page with the way back', async (t) => {
    if (!requireChromium(t)) return;
    browser ??= await launchBrowser();
    const page = await signInAt('guest');
    await page.getByRole('heading', { name: 'No Onramp role yet' }).waitFor();
    await page
      .getByRole('alert')
      .getByText(/guest@corp\.test/)
      .waitFor();
    assert.equal(await page.locator('.error-panel').count(), 0, 'no reference box for a missing role');
    await assertAccessible(page, 'no role');
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
  });

  test('an answer with the wrong state is refused on the page', async (t) => {
    if (!requireChromium(t)) return;
    browser ??= await launchBrowser();
    const page = await openPage(browser);
    await visit(page, `${base}/console/sign-in`, 'sign-in');
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Test identity provider' }).waitFor();
    // The provider's answer reaches Onramp with another state, as a forged link would.
    await page.route(`${base}/api/v1/staff/sso/callback`, async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { search: string };
      const answer = new URLSearchParams(body.search);
      answer.set('state', 'forged');
      await route.continue({ postData: JSON.stringify({ search: answer.toString() }) });
    });
    await page.getByLabel('Login').fill('lin');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Single sign-on did not finish' }).waitFor();
    await page
      .getByRole('alert')
      .getByText(/does not belong to the sign-in started in this browser/)
      .waitFor();
  });
});
