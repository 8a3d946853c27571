import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { testPassword } from '../helpers/app.ts';
import {
  assertAccessible,
  browserSuite,
  type CheckedPage,
  createRep,
  requireChromium,
  visit,
} from '../helpers/browser.ts';
import { seedActivation, seedSubscription } from '../helpers/factories.ts';

describe('activation wizard in Chromium', () => {
  const web = browserSuite({}, async (app) => {
    await createRep(app, ['sales']);
    // Names already in use: "acmecorp" in this region and another one.
    await seedActivation(app, { activation: { companyName: 'Acme Corp', region: 'us-east-1' }, wait: false });
    await seedActivation(app, { activation: { companyName: 'Acme Corp', region: 'eu-west-1' }, wait: false });
  });

  const page = (locale = 'en-US'): Promise<CheckedPage> => web.page({ locale });

  test('English: signed-in prerequisite, every step by keyboard and mouse, back keeps data, progress, ready', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, {
      company: 'Acme Corp',
      products: [{ sku: 'cx-3', quantity: 20 }],
    });
    const p = await page();

    // Signed in to the staff console in this browser: the page says so and offers to log out.
    await visit(p, `${web.base}/console/sign-in`);
    await p.getByLabel('Email').fill('rep@onramp.test');
    await p.getByLabel('Password').fill(testPassword);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${web.base}/console`);
    await visit(p, `${web.base}/activate/${seeded.token}`, 'activation with a staff session');
    await p.getByText('This browser is signed in to the Onramp staff console as rep@onramp.test.').waitFor();
    assert.equal(
      await p.getByRole('button', { name: 'Sign up' }).count(),
      0,
      'the wizard waits for the log-out',
    );
    await p.getByRole('button', { name: 'Log out and continue' }).click();

    // Step 1, keyboard only: the summary, the region, the warning.
    await p.getByRole('heading', { name: 'Where should your data live?' }).waitFor();
    await p.getByText('CX 3 × 20').waitFor();
    await p.getByText('The region cannot be changed after activation.').waitFor();
    await assertAccessible(p, 'region step');
    await p.getByRole('button', { name: 'Sign up' }).press('Enter');
    await p.getByText('Choose a region.').waitFor();
    await p.getByRole('radio', { name: /Americas \(US East\)/ }).focus();
    await p.keyboard.press('Space');
    await p.getByRole('button', { name: 'Sign up' }).focus();
    await p.keyboard.press('Enter');

    // Step 2: prefilled contact email and company, live short name, password rules.
    await p.getByRole('heading', { name: 'Basic information' }).waitFor();
    assert.equal(await p.getByLabel('Email', { exact: true }).inputValue(), seeded.contactEmail);
    assert.equal(await p.getByLabel('Company name').inputValue(), 'Acme Corp');
    await p.getByText('acmecorp is already taken in this region.').waitFor();
    await p.getByText('You will get acmecorp1.').waitFor();
    await p.getByText('This short name is also used in EMEA (Dublin).', { exact: false }).waitFor();
    await p.getByLabel('First name').fill('Ada');
    await p.getByLabel('Last name').fill('Lovelace');
    await p.getByLabel('Password', { exact: true }).fill('weak');
    await p.locator('.password-rules li.unmet', { hasText: 'an uppercase letter' }).waitFor();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByText('The password does not meet every rule yet.').waitFor();
    await assertAccessible(p, 'details step with errors');
    await p.getByLabel('Password', { exact: true }).fill('Analytical-Engine-1843');
    await p.locator('.password-rules li.met', { hasText: 'an uppercase letter' }).waitFor();

    await p.getByRole('button', { name: 'Choose a different short name' }).click();
    const shortName = p.getByLabel('Organization short name');
    await shortName.fill('AcmeCorp');
    await p.getByText('acmecorp is already taken in this region.').waitFor();
    await p.getByRole('button', { name: 'Use acmecorp1' }).waitFor();
    await shortName.fill('acme hq');
    await p.getByText('Use only lowercase letters a-z, digits 0-9 and hyphens (-).').waitFor();
    await shortName.fill('acme-hq');
    await p.getByText('acme-hq is available').waitFor();
    await assertAccessible(p, 'details step');
    await p.getByRole('button', { name: 'Next' }).click();

    // Step 3: invitations; going back keeps what was typed.
    await p.getByRole('heading', { name: 'Invite people (optional)' }).waitFor();
    await p.getByLabel('Email of person 1').fill('bob@acme.test');
    await p.getByRole('button', { name: 'Add a person' }).click();
    await p.getByLabel('Email of person 2').fill('grace@acme.test');
    await p.getByLabel('Role of person 2').selectOption('admin');
    await assertAccessible(p, 'invite step');
    await p.getByRole('button', { name: 'Back' }).click();
    await p.getByRole('heading', { name: 'Basic information' }).waitFor();
    assert.equal(await p.getByLabel('First name').inputValue(), 'Ada');
    assert.equal(await p.getByLabel('Organization short name').inputValue(), 'acme-hq');
    await p.getByRole('button', { name: 'Next' }).click();
    assert.equal(await p.getByLabel('Email of person 2').inputValue(), 'grace@acme.test');
    await p.getByRole('button', { name: 'Next' }).click();

    // Step 4: review, then "Activate now".
    await p.getByRole('heading', { name: 'Review and activate' }).waitFor();
    await p.getByTestId('review-short-name').getByText('acme-hq').waitFor();
    await p.getByText('grace@acme.test · Administrator').waitFor();
    await assertAccessible(p, 'review step');
    await p.getByRole('button', { name: 'Activate now' }).click();
    // The steps are seen ticking, even when provisioning finished before the first frame.
    await p.locator('.progress-step.done').first().waitFor();

    await p.getByRole('heading', { name: 'Your organization is ready' }).waitFor({ timeout: 30_000 });
    assert.equal(await p.getByTestId('ready-short-name').textContent(), 'acme-hq');
    const organizationId = await p.getByTestId('ready-organization-id').textContent();
    assert.match(organizationId ?? '', /^[0-9a-f-]{36}$/);
    await assertAccessible(p, 'ready');
    await web.app.waitForMail('grace@acme.test', /invited you to Acme Corp/);

    // Opening the link again shows where it stands.
    await visit(p, `${web.base}/activate/${seeded.token}`, 'used link');
    await p.getByText('This activation link was already used to create your organization.').waitFor();
    await p.getByRole('heading', { name: 'Your organization is ready' }).waitFor();
    assert.deepEqual(p.problems, []);
  });

  test('Korean: the whole wizard in Korean, skipping invitations', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, { company: '한빛소프트', locale: 'ko' });
    const p = await page('ko-KR');
    await visit(p, `${web.base}/activate/${seeded.token}`, 'region (ko)');
    await p.getByRole('heading', { name: '데이터를 어디에 저장할까요?' }).waitFor();
    await p.getByText('활성화한 후에는 지역을 변경할 수 없습니다.').waitFor();
    await p.getByRole('radio', { name: /아시아 태평양\(서울\)/ }).check();
    await p.getByRole('button', { name: '가입하기' }).click();
    await p.getByRole('heading', { name: '기본 정보' }).waitFor();
    await p.getByLabel('이름', { exact: true }).fill('민지');
    await p.getByLabel('성', { exact: true }).fill('김');
    await p.getByLabel('비밀번호', { exact: true }).fill('Hanbit-Soft-2026');
    await p.getByText('짧은 이름은 hanbitsopeuteu로 정해집니다').waitFor();
    await assertAccessible(p, 'details (ko)');
    await p.getByRole('button', { name: '다음' }).click();
    await p.getByRole('heading', { name: '사용자 초대(선택 사항)' }).waitFor();
    await p.getByRole('button', { name: '건너뛰기' }).click();
    await p.getByRole('heading', { name: '확인 및 활성화' }).waitFor();
    await p.getByText('아직 없음').waitFor();
    await assertAccessible(p, 'review (ko)');
    await p.getByRole('button', { name: '지금 활성화' }).click();
    await p.getByRole('heading', { name: '조직이 준비되었습니다' }).waitFor({ timeout: 30_000 });
    assert.equal(await p.getByTestId('ready-short-name').textContent(), 'hanbitsopeuteu');
    await assertAccessible(p, 'ready (ko)');
    assert.deepEqual(p.problems, []);
  });

  test('a short name taken while the form was open is shown next to the field with the next free one', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, { company: 'Race Co' });
    const p = await page();
    await visit(p, `${web.base}/activate/${seeded.token}`);
    await p.getByRole('radio', { name: /EMEA \(London\)/ }).check();
    await p.getByRole('button', { name: 'Sign up' }).click();
    await p.getByLabel('First name').fill('Rita');
    await p.getByLabel('Last name').fill('Racer');
    await p.getByLabel('Password', { exact: true }).fill('Fast-Car-2026');
    await p.getByRole('button', { name: 'Choose a different short name' }).click();
    await p.getByLabel('Organization short name').fill('racetrack');
    await p.getByText('racetrack is available').waitFor();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByRole('button', { name: 'Skip' }).click();
    await p.getByRole('heading', { name: 'Review and activate' }).waitFor();
    // Someone else takes the name meanwhile.
    await seedActivation(web.app, {
      activation: { shortName: 'racetrack', region: 'eu-west-2' },
      wait: false,
    });
    await p.getByRole('button', { name: 'Activate now' }).click();
    await p.getByRole('heading', { name: 'Basic information' }).waitFor();
    await p
      .getByText(
        'The short name racetrack is already taken in this region. Try racetrack1, or choose another.',
      )
      .waitFor();
    assert.equal(await p.getByLabel('Organization short name').inputValue(), 'racetrack1');
    await assertAccessible(p, 'details with a server error');
    await p.getByLabel('Password', { exact: true }).fill('Fast-Car-2026');
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByRole('button', { name: 'Skip' }).click();
    await p.getByRole('button', { name: 'Activate now' }).click();
    await p.getByRole('heading', { name: 'Your organization is ready' }).waitFor({ timeout: 30_000 });
    assert.equal(await p.getByTestId('ready-short-name').textContent(), 'racetrack1');
    assert.deepEqual(p.problems, []);
  });

  test('a typed reserved name blocks Next until the suggestion is taken; errors clear as fields are fixed', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, { company: 'Reserved Co' });
    const p = await page();
    await visit(p, `${web.base}/activate/${seeded.token}`);
    await p.getByRole('radio', { name: /EMEA \(London\)/ }).check();
    await p.getByRole('button', { name: 'Sign up' }).click();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByText('Required.').first().waitFor();
    assert.equal(
      await p.evaluate(() => document.activeElement?.getAttribute('name')),
      'firstName',
      'focus moves to the first field with an error',
    );
    await p.getByLabel('First name').fill('Rex');
    assert.equal(
      await p
        .locator('.field.has-error')
        .filter({ has: p.getByLabel('First name') })
        .count(),
      0,
      'the error clears as the field is fixed',
    );
    await p.getByLabel('Last name').fill('Served');
    await p.getByLabel('Password', { exact: true }).fill('Reserved-Name-1');
    // A reload keeps what was typed, except the password, which is never stored.
    await p.reload();
    await p.getByRole('heading', { name: 'Basic information' }).waitFor();
    assert.equal(await p.getByLabel('First name').inputValue(), 'Rex');
    assert.equal(await p.getByLabel('Last name').inputValue(), 'Served');
    assert.equal(await p.getByLabel('Password', { exact: true }).inputValue(), '');
    await p.getByLabel('Password', { exact: true }).fill('Reserved-Name-1');
    await p.getByRole('button', { name: 'Choose a different short name' }).click();
    await p.getByLabel('Organization short name').fill('admin');
    await p.getByText('admin is reserved.').waitFor();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByText('This short name cannot be used.', { exact: false }).waitFor();
    await p.getByRole('heading', { name: 'Basic information' }).waitFor();
    await p.getByRole('button', { name: 'Use admin1' }).click();
    await p.getByText('admin1 is available').waitFor();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByRole('heading', { name: 'Invite people (optional)' }).waitFor();
    assert.deepEqual(p.problems, []);
  });

  test('unusable links each get their own calm page with the way forward, said once', async (t) => {
    if (!requireChromium(t)) return;
    const p = await page();
    await visit(p, `${web.base}/activate/${'x'.repeat(43)}`, 'invalid link');
    await p.getByRole('heading', { name: 'This activation link is not valid', level: 1 }).waitFor();
    await p.getByRole('link', { name: 'Get a new activation email' }).waitFor();
    assert.equal(await p.locator('.error-panel').count(), 0, 'an old link is not an error to report');
    assert.equal(
      await p.getByText('This activation link is not valid').count(),
      1,
      'the heading is said once',
    );

    const replaced = await seedSubscription(web.app);
    const sales = await web.app.staff(['sales']);
    await web.app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${replaced.id}/activation-email`,
      as: sales,
    });
    await visit(p, `${web.base}/activate/${replaced.token}`, 'replaced link');
    await p.getByRole('heading', { name: 'A newer activation email was sent', level: 1 }).waitFor();

    const cancelled = await seedSubscription(web.app);
    await web.app.ctx.db.execute(
      sql`update subscriptions set status = 'cancelled' where id = ${cancelled.id}`,
    );
    await visit(p, `${web.base}/activate/${cancelled.token}`, 'cancelled link');
    await p.getByRole('heading', { name: 'This subscription was cancelled', level: 1 }).waitFor();
    await p
      .getByText('Questions about your subscription? Contact your sales representative.')
      .first()
      .waitFor();

    const expired = await seedSubscription(web.app);
    await web.app.ctx.db.execute(
      sql`update activation_tokens set created_at = now() - interval '31 days', expires_at = now() - interval '1 day' where subscription_id = ${expired.id}`,
    );
    await visit(p, `${web.base}/activate/${expired.token}`, 'expired link');
    await p.getByRole('heading', { name: 'This activation link has expired', level: 1 }).waitFor();
    await p.getByRole('link', { name: 'Get a new activation email' }).click();
    await p.getByRole('heading', { name: 'Get a new activation email' }).waitFor();
    await p.getByLabel('Email address').fill(expired.contactEmail);
    await p.getByRole('button', { name: 'Send activation email' }).click();
    await p
      .getByText('If this address belongs to a subscription awaiting activation', { exact: false })
      .waitFor();
    await assertAccessible(p, 'request sent');
    await web.app.waitForMail(expired.contactEmail, 'Activate your Onramp features', 2);
    assert.deepEqual(p.problems, []);
  });
});
