import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { defaultWebDir } from '../../src/http/app.ts';
import { createStaffUser } from '../../src/staff/service.ts';
import { startTestApp, type TestApp, testPassword, waitFor } from '../helpers/app.ts';
import { assertAccessible, launchBrowser, openPage, requireChromium, visit } from '../helpers/browser.ts';
import { seedOrganization } from '../helpers/factories.ts';

describe('CX sign-off and support lookup in Chromium', () => {
  let app: TestApp;
  let browser: Browser | undefined;
  let base: string;
  before(async () => {
    app = await startTestApp({ webDir: defaultWebDir });
    base = await app.listen();
    for (const [email, role] of [
      ['cx@onramp.test', 'cx'],
      ['support@onramp.test', 'support'],
    ] as const) {
      await createStaffUser(
        app.ctx,
        { email, name: role.toUpperCase(), password: testPassword, roles: [role] },
        { actor: { type: 'system' } },
      );
    }
  });
  after(async () => {
    await browser?.close();
    await app.close();
  });

  async function signedIn(email: string, locale = 'en-US') {
    browser ??= await launchBrowser();
    const page = await openPage(browser, { locale });
    await page.goto(`${base}/console/sign-in`);
    await page.getByRole('textbox', { name: /Email|이메일/ }).fill(email);
    await page.getByLabel(/^(Password|비밀번호)$/).fill(testPassword);
    await page.getByRole('button', { name: /^(Sign in|로그인)$/ }).click();
    await page.waitForURL(`${base}/console`);
    return page;
  }

  test('a CX specialist finds the organization in the queue, reads the checks, signs off; both emails arrive', async (t) => {
    if (!requireChromium(t)) return;
    const org = await seedOrganization(app, { activation: { companyName: 'Signoff Industries' } });
    await waitFor(async () => {
      const checks = await app.ctx.db.execute(
        sql`select status from verification_checks where organization_id = ${org.organizationId}`,
      );
      const found = (checks as unknown as { rows: { status: string }[] }).rows;
      return found.length === 5 && found.every((c) => c.status === 'passed');
    }, 'checks passing');

    const page = await signedIn('cx@onramp.test');
    await page.getByRole('link', { name: 'Verification' }).click();
    await page.getByRole('heading', { name: 'Awaiting verification' }).waitFor();
    await page
      .getByRole('row', { name: /Signoff Industries/ })
      .getByText('All 5 passed')
      .waitFor();
    await assertAccessible(page, 'verification queue');
    await page.getByRole('link', { name: 'Signoff Industries' }).click();

    await page.getByRole('heading', { name: 'Automated checks' }).waitFor();
    for (const check of [
      'Every subscribed feature enabled',
      'Billing matches the subscription',
      'The admin has logged in',
      'Every email of the activation delivered',
      'No failed steps',
    ]) {
      await page.getByRole('listitem').filter({ hasText: check }).getByText('Passed').waitFor();
    }
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByText('organization.created').first().waitFor();
    await assertAccessible(page, 'organization page');

    await page.getByLabel('Notes').fill('Features and billing checked with the customer.');
    await page.getByRole('button', { name: 'Verify and send the closing emails' }).click();
    await page
      .locator('fieldset.confirm')
      .getByRole('button', { name: 'Verify and send the closing emails' })
      .click();
    await page.getByText('Verified. The closing emails are on their way.').waitFor();
    await page
      .getByTestId('verified-by')
      .getByText(/Verified by CX on/)
      .waitFor();
    await assertAccessible(page, 'organization page, verified');

    const mails = await app.waitForMail(
      org.adminEmail,
      /Thank you for activating Onramp features|Welcome to Onramp/,
      2,
    );
    assert.deepEqual(
      mails.map((m) => m.subject),
      ['Welcome to Onramp', 'Thank you for activating Onramp features'],
    );
    await page.goto(`${base}/mailbox`);
    await page
      .getByRole('button', { name: new RegExp(`Welcome to Onramp.*${org.adminEmail.replace('.', '\\.')}`) })
      .waitFor();
    await page
      .getByRole('button', {
        name: new RegExp(`Thank you for activating Onramp features.*${org.adminEmail.replace('.', '\\.')}`),
      })
      .waitFor();

    // The customer's home now says "Verified".
    const customer = await openPage(browser as Browser);
    await customer.goto(`${base}/login`);
    await customer.getByLabel('Email').fill(org.adminEmail);
    await customer.getByLabel('Password', { exact: true }).fill('Activate-Me-42!');
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(`${base}/home`);
    await customer.getByTestId('verification').getByText('Verified', { exact: true }).waitFor();
    assert.deepEqual(page.problems, []);
    assert.deepEqual(customer.problems, []);
  });

  test('support finds an organization by short name, reads it in Korean, and cannot sign off', async (t) => {
    if (!requireChromium(t)) return;
    const org = await seedOrganization(app, {
      activation: { companyName: 'Lookup Labs', region: 'ap-south-1' },
    });
    const page = await signedIn('support@onramp.test', 'ko-KR');
    await page.getByRole('searchbox', { name: '조직 찾기' }).fill('LOOKUPLABS');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '“LOOKUPLABS” 검색 결과' }).waitFor();
    await assertAccessible(page, 'search results (ko)');
    await page.getByRole('link', { name: 'Lookup Labs' }).click();
    await page.getByRole('heading', { name: '자동 검사' }).waitFor();
    await page.getByRole('heading', { name: '감사 기록' }).waitFor();
    await page.getByRole('link', { name: 'CSV 내보내기' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: '검증하고 안내 이메일 보내기' }).count(),
      0,
      'support is read-only',
    );
    assert.equal(await page.getByRole('button', { name: '검사 다시 실행' }).count(), 0);
    await assertAccessible(page, 'organization page (ko, support)');

    const byId = await signedIn('support@onramp.test');
    await byId.getByRole('searchbox', { name: 'Find an organization' }).fill(org.organizationId);
    await byId.keyboard.press('Enter');
    await byId.getByRole('link', { name: 'Lookup Labs' }).waitFor();
    assert.deepEqual(page.problems, []);
    assert.deepEqual(byId.problems, []);
  });

  test('sales cancels a subscription from its page; the activation link then says so', async (t) => {
    if (!requireChromium(t)) return;
    await createStaffUser(
      app.ctx,
      { email: 'seller@onramp.test', name: 'Seller', password: testPassword, roles: ['sales'] },
      { actor: { type: 'system' } },
    );
    const { seedSubscription } = await import('../helpers/factories.ts');
    const seeded = await seedSubscription(app, { company: 'Cancel Me Corp' });
    const page = await signedIn('seller@onramp.test');
    await visit(page, `${base}/console/subscriptions/${seeded.id}`, 'subscription');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByLabel('Reason (optional)').fill('Deal fell through');
    await page
      .getByRole('group', { name: 'Cancel subscription' })
      .getByRole('button', { name: 'Cancel subscription' })
      .click();
    await page.getByText('The subscription is cancelled.').waitFor();
    await page.getByText('Cancelled', { exact: true }).first().waitFor();
    await visit(page, `${base}/activate/${seeded.token}`, 'cancelled link');
    await page.getByRole('heading', { name: 'This subscription was cancelled', level: 1 }).waitFor();
    assert.deepEqual(page.problems, []);
  });
});
