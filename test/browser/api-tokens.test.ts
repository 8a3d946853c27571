import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testPassword } from '../helpers/app.ts';
import { assertAccessible, browserSuite, createRep, requireChromium, visit } from '../helpers/browser.ts';

describe('API tokens and sign-in pauses in the console (Chromium)', () => {
  const web = browserSuite({}, (app) => createRep(app, ['sales', 'support']));

  test('a member creates a read-only token, sees it once, uses it, and revokes it after confirming', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page();
    await visit(page, `${web.base}/console/sign-in`, 'sign-in');
    await page.getByLabel('Email').fill('rep@onramp.test');
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${web.base}/console`);

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByText('No API tokens yet.').waitFor();
    await assertAccessible(page, 'empty token list');
    await page.getByLabel('What is it for?').fill('nightly export');
    await page.getByLabel('Sales').uncheck();
    await page.getByLabel('Expires after').selectOption('30');
    await page.getByRole('button', { name: 'Create a token' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    assert.match(secret, /^onr_/);
    await page.getByRole('cell', { name: 'Support (read-only)' }).waitFor();
    await assertAccessible(page, 'token created');

    const read = await fetch(`${web.base}/api/v1/subscriptions`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(read.status, 200);
    const write = await fetch(`${web.base}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(write.status, 403, 'the token has only the support role');

    const row = page.getByRole('row', { name: /nightly export/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Scripts using this token stop working at once.').waitFor();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('The token “nightly export” is revoked.').waitFor();
    await page.getByText(/^Revoked on /).waitFor();
    const revokedAnswer = await fetch(`${web.base}/api/v1/subscriptions`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(revokedAnswer.status, 401);
    assert.deepEqual(page.problems, []);
  });

  test('the last attempt is announced, and the pause ends at a time in the reader’s own zone', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    await visit(page, `${web.base}/login`, 'customer sign-in');
    const email = page.getByLabel('이메일');
    await email.fill('someone@customer.test');
    await page.getByLabel('비밀번호').fill('Wrong-Password-1');
    const submit = page.getByRole('button', { name: '로그인' });
    for (let i = 1; i <= 4; i++) {
      await submit.click();
      await page
        .getByRole('alert')
        .getByText('이메일 또는 비밀번호가 올바르지 않습니다.', { exact: true })
        .waitFor();
    }
    await submit.click();
    await page
      .getByRole('alert')
      .getByText(/한 번 더 실패하면 5분 동안 로그인할 수 없습니다/)
      .waitFor();
    await assertAccessible(page, 'last attempt warning');
    await submit.click();
    const paused = page.getByRole('alert').getByText(/이후에 다시 시도하세요/);
    await paused.waitFor();
    assert.match((await paused.textContent()) ?? '', /GMT\+9|KST/, 'the time is in Seoul time, named');
    assert.deepEqual(page.problems, []);
  });
});
