import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testPassword } from '../helpers/app.ts';
import {
  assertAccessible,
  browserSuite,
  type CheckedPage,
  createRep,
  requireChromium,
  visit,
} from '../helpers/browser.ts';

describe('staff console in Chromium', () => {
  const web = browserSuite({}, (app) => createRep(app, ['sales']));

  async function signIn(page: CheckedPage, labels: { email: string; password: string; submit: string }) {
    await visit(page, `${web.base}/console`, 'sign-in page');
    await page.waitForURL(/\/console\/sign-in\?next=%2Fconsole/);
    await page.getByLabel(labels.email).fill('rep@onramp.test');
    await page.getByLabel(labels.password).fill(testPassword);
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL(`${web.base}/console`);
  }

  test('English: sign in, create a subscription, see it delivered in the mailbox, re-send', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page();

    await visit(page, `${web.base}/console/sign-in`, 'sign-in');
    await page.getByLabel('Email').fill('rep@onramp.test');
    await page.getByLabel('Password').fill('Wrong-Password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is not correct.').waitFor();
    await assertAccessible(page, 'sign-in with an error');

    await signIn(page, { email: 'Email', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { name: 'Subscriptions' }).waitFor();
    await assertAccessible(page, 'empty subscription list');

    await page.getByRole('link', { name: 'New subscription' }).first().click();
    await page.getByRole('heading', { name: 'New subscription' }).waitFor();
    await assertAccessible(page, 'new subscription form');
    // Submitting with nothing shows the server's field errors next to the fields.
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByText('Choose at least one product.').waitFor();
    await assertAccessible(page, 'form with errors');

    await page.getByLabel('Company name').fill('Initech Korea');
    await page.getByLabel('Contact name').fill('Peter Gibbons');
    await page.getByLabel('Contact email').fill('peter@initech.test');
    await page.getByLabel('Trial length (days, 1–90)').fill('45');
    await page.getByRole('checkbox', { name: /CX 2 ·/ }).check();
    await page.getByLabel('Quantity of CX 2').fill('12');
    await page.getByRole('checkbox', { name: /WEM add-on/ }).check();
    await page.getByRole('button', { name: 'Create subscription' }).click();

    await page.getByRole('heading', { name: 'Initech Korea' }).waitFor();
    await page.getByText('Subscription created. The activation email is on its way.').waitFor();
    await page.getByText('CX 2 × 12').waitFor();
    await page.getByRole('cell', { name: 'Sent', exact: true }).waitFor({ timeout: 20_000 });
    await assertAccessible(page, 'subscription detail');

    await page.getByRole('button', { name: 'Re-send activation email' }).click();
    await page.getByText('Send a new activation email? The link in earlier emails stops working.').waitFor();
    await page.getByRole('button', { name: 'Re-send activation email' }).click();
    await page.getByText('A new activation email is queued. Earlier links no longer work.').waitFor();
    await page.getByRole('cell', { name: 'Sent', exact: true }).nth(1).waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('link', { name: 'Initech Korea' }).waitFor();
    await page.getByLabel('Search company or contact email').fill('nothing-matches');
    await page.keyboard.press('Enter');
    await page.getByText('No subscriptions match.').waitFor();

    await page.getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
    await page
      .getByRole('button', { name: /Activate your Onramp features.*peter@initech\.test/ })
      .first()
      .waitFor();
    await assertAccessible(page, 'mailbox');
    await page.getByRole('button', { name: 'Plain text' }).click();
    const text = await page.getByTestId('mail-text').textContent();
    assert.match(text ?? '', /Initech Korea/);
    assert.match(text ?? '', /Trial: 45 days/);
    assert.match(text ?? '', /\/activate\/[A-Za-z0-9_-]{43}/);

    // The API docs page works under the app's Content-Security-Policy.
    await page.goto(`${web.base}/console`);
    await page.getByRole('link', { name: 'API docs' }).click();
    await page.getByText('Onramp API').first().waitFor();
    await page.getByText('/api/v1/subscriptions').first().waitFor();
    assert.deepEqual(page.problems, []);
  });

  test('Korean: the language switch is remembered and a Korean subscription gets the Korean email', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page();
    await visit(page, `${web.base}/console/sign-in`, 'sign-in (en)');
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('heading', { name: '직원 로그인' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await page.reload();
    await page.getByRole('heading', { name: '직원 로그인' }).waitFor();
    await assertAccessible(page, 'sign-in (ko)');

    await signIn(page, { email: '이메일', password: '비밀번호', submit: '로그인' });
    await page.getByRole('heading', { name: '구독' }).waitFor();
    await page.getByRole('link', { name: '새 구독' }).first().click();
    await page.getByLabel('회사 이름').fill('한빛소프트');
    await page.getByLabel('담당자 이름').fill('김민지');
    await page.getByLabel('담당자 이메일').fill('minji@hanbit.test');
    await page.getByLabel('이메일 언어').selectOption('ko');
    await page.getByRole('radio', { name: '유료' }).check();
    await page.getByLabel('통화', { exact: true }).selectOption('KRW');
    await page.getByLabel('요금제').fill('연간');
    await page.getByRole('checkbox', { name: /CX 3 Digital/ }).check();
    await assertAccessible(page, 'new subscription (ko)');
    await page.getByRole('button', { name: '구독 만들기' }).click();
    await page.getByRole('heading', { name: '한빛소프트' }).waitFor();
    await page.getByText('유료: 연간, KRW로 청구').waitFor();
    await page.getByRole('cell', { name: '보냄', exact: true }).waitFor({ timeout: 20_000 });
    await assertAccessible(page, 'subscription detail (ko)');

    await page.getByRole('link', { name: '메일함' }).click();
    await page
      .getByRole('button', { name: /Onramp 기능 활성화.*minji@hanbit\.test/ })
      .first()
      .click();
    await page.getByRole('button', { name: '일반 텍스트' }).click();
    const text = await page.getByTestId('mail-text').textContent();
    assert.match(text ?? '', /김민지님, 안녕하세요/);
    assert.match(text ?? '', /요금제 연간, KRW/);
    await assertAccessible(page, 'mailbox (ko)');
    assert.deepEqual(page.problems, []);
  });
});
