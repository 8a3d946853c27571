import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { defaultWebDir } from '../../src/http/app.ts';
import { createStaffUser } from '../../src/staff/service.ts';
import { startTestApp, type TestApp, testPassword } from '../helpers/app.ts';
import { assertAccessible, launchBrowser, openPage, requireChromium, visit } from '../helpers/browser.ts';
import { type Receiver, startReceiver } from '../helpers/receiver.ts';

describe('webhooks in the console (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let receiver: Receiver;

  before(async () => {
    app = await startTestApp({ webDir: defaultWebDir });
    base = await app.listen();
    receiver = await startReceiver(() => ({ status: 200, body: '{"thanks":"from the receiver"}' }));
    await createStaffUser(
      app.ctx,
      { email: 'root@onramp.test', name: 'Robin Root', password: testPassword, roles: ['admin'] },
      { actor: { type: 'system' } },
    );
  });
  after(async () => {
    await browser?.close();
    await app.close();
    await receiver.close();
  });

  test('an admin registers an endpoint, sends a test event, and sees the delivery with its answer', async (t) => {
    if (!requireChromium(t)) return;
    browser = await launchBrowser();
    const page = await openPage(browser);
    await visit(page, `${base}/console/sign-in`, 'sign-in');
    await page.getByLabel('Email').fill('root@onramp.test');
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console`);

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No endpoints yet').waitFor();
    await assertAccessible(page, 'webhooks, empty');

    // Nothing chosen: the form says what is missing, next to it.
    await page.getByLabel('Endpoint URL').fill(`${receiver.url}/onramp`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('choose at least one event').waitFor();

    await page.getByLabel('Select all').check();
    await page.getByLabel('Description (optional)').fill('Our CRM');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    assert.match(secret, /^whsec_/);
    await assertAccessible(page, 'webhooks, secret shown');

    await page
      .getByRole('link', { name: `${receiver.url}/onramp` })
      .first()
      .click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event sent.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'webhook.test' });
    await row.getByText('Delivered').waitFor();
    await row.getByText('HTTP 200').waitFor();
    await row.getByText('{"thanks":"from the receiver"}').waitFor();
    // How long the log keeps what it shows (WEBHOOK_RETENTION_DAYS).
    await page
      .getByText('A delivery stays in this log for 30 days after it is delivered or fails for good.')
      .waitFor();
    await assertAccessible(page, 'endpoint with its delivery log');

    const test = receiver.ofType('webhook.test')[0];
    assert.ok(test, 'the receiver got the test event');
    assert.ok(new Webhook(secret).verify(test.body, test.headers as Record<string, string>));

    // In Korean, the same page reads in Korean.
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('button', { name: '테스트 이벤트 보내기' }).waitFor();
    await page.getByText('전송 완료').first().waitFor();
    await page.getByText('전송에 성공했거나 최종 실패한 기록은 30일 동안 이 목록에 남습니다.').waitFor();
    assert.deepEqual(page.problems, []);
  });
});
