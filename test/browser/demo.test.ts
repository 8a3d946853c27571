import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, openPage, requireChromium } from '../helpers/browser.ts';
import { cleanUpAfterSuite } from '../helpers/cleanup.ts';
import { freePort, startMain } from '../helpers/processes.ts';

/**
 * SPEC's whole flow on `npm start`, in the browser only: the printed demo link through
 * activation, sign-in, setup and home, then the printed staff login through the console's
 * sign-off, and the two closing emails in the mailbox page.
 */
describe('the demo, from npm start, in Chromium', () => {
  const cleanup = cleanUpAfterSuite();
  let browser: Browser | undefined;
  cleanup.push(() => browser?.close());

  test('the printed link goes all the way to verified, with no step outside the web pages', async (t) => {
    if (!requireChromium(t)) return;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-demo-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const server = await startMain({ DATA_DIR: dataDir, PORT: String(port) });
    cleanup.push(server.stop);
    const demoLink = /Demo activation (\S+)/.exec(server.banner)?.[1] ?? '';
    const staffPassword = /with password (\S+)/.exec(server.banner)?.[1] ?? '';
    const base = `http://localhost:${port}`;
    assert.ok(demoLink.startsWith(`${base}/activate/`) && staffPassword);

    browser = await launchBrowser();
    const customer = await openPage(browser);
    await customer.goto(demoLink);
    await customer.getByText('CX 2 × 25').waitFor();
    await customer.getByRole('radio', { name: /EMEA \(Frankfurt\)/ }).check();
    await customer.getByRole('button', { name: 'Sign up' }).click();
    await customer.getByText('Your short name will be acmemullersohne').waitFor();
    await customer.getByLabel('First name').fill('Dana');
    await customer.getByLabel('Last name').fill('Demo');
    await customer.getByLabel('Password', { exact: true }).fill('Demo-Password-1');
    await customer.getByRole('button', { name: 'Next' }).click();
    await customer.getByLabel('Email of person 1').fill('colleague@demo.onramp.localhost');
    await customer.getByRole('button', { name: 'Next' }).click();
    await customer.getByRole('button', { name: 'Activate now' }).click();
    await customer.getByRole('heading', { name: 'Your organization is ready' }).waitFor({ timeout: 30_000 });
    await customer.getByLabel('Password', { exact: true }).fill('Demo-Password-1');
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.getByRole('button', { name: 'Continue' }).click({ timeout: 30_000 });
    await customer.getByTestId('home-short-name').getByText('acmemullersohne').waitFor();
    await customer.getByText('Trial: 30 days left', { exact: false }).waitFor();

    const staff = await openPage(browser);
    await staff.goto(`${base}/console`);
    await staff.getByLabel('Email').fill('admin@onramp.localhost');
    await staff.getByLabel('Password').fill(staffPassword);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByRole('link', { name: 'Verification' }).click();
    // The checks run by themselves once setup is done (emails included).
    for (let attempt = 0; ; attempt++) {
      if ((await staff.getByText('All 5 passed').count()) > 0) break;
      assert.ok(attempt < 60, 'the checks pass');
      await staff.waitForTimeout(500);
      await staff.reload();
    }
    await staff.getByRole('link', { name: 'Acme Müller & Söhne' }).click();
    await staff.getByLabel('Notes').fill('Demo verified.');
    await staff.getByRole('button', { name: 'Verify and send the closing emails' }).click();
    await staff
      .locator('fieldset.confirm')
      .getByRole('button', { name: 'Verify and send the closing emails' })
      .click();
    await staff.getByText('Verified. The closing emails are on their way.').waitFor();

    await staff.getByRole('link', { name: 'Mailbox' }).click();
    await staff
      .getByRole('button', { name: /Welcome to Onramp.*dana@demo\.onramp\.localhost/ })
      .waitFor({ timeout: 20_000 });
    await staff
      .getByRole('button', { name: /Thank you for activating Onramp features.*dana@demo\.onramp\.localhost/ })
      .waitFor();
    await assertAccessible(staff, 'mailbox after sign-off');

    await customer.reload();
    await customer.getByTestId('verification').getByText('Verified', { exact: true }).waitFor();
    assert.deepEqual(customer.problems, []);
    assert.deepEqual(staff.problems, []);
  });
});
