import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertAccessible,
  browserSuite,
  type CheckedPage,
  requireChromium,
  visit,
} from '../helpers/browser.ts';
import { seedSubscription } from '../helpers/factories.ts';

describe('from ready to home, and a colleague joins, in Chromium', () => {
  // Slow steps a little, so the progress pages are seen moving.
  const web = browserSuite({
    runPolicy: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 150)) },
  });

  type Labels = {
    signUp: string;
    region: RegExp;
    firstName: string;
    lastName: string;
    password: string;
    next: string;
    skip: string;
    activate: string;
    ready: string;
    email: string;
    signIn: string;
    setupTitle: string;
    continue: string;
    verificationPending: string;
    inviteEmail: string;
    inviteSubmit: string;
    pending: string;
    joinFirst: string;
    joinLast: string;
    joinPassword: string;
    join: string;
    members: string;
    inviteTitle: string;
  };

  async function journey(
    p: CheckedPage,
    seeded: { token: string; contactEmail: string },
    labels: Labels,
    expect: { locale: string; billing: RegExp; features: string; invitee: string; inviteSubject: RegExp },
  ) {
    const token = seeded.token;
    // The wizard, quickly: it leads to the ready page with the login form.
    await visit(p, `${web.base}/activate/${token}`, 'wizard');
    await p.getByRole('radio', { name: labels.region }).check();
    await p.getByRole('button', { name: labels.signUp }).click();
    await p.getByLabel(labels.firstName, { exact: true }).fill('Ada');
    await p.getByLabel(labels.lastName, { exact: true }).fill('Admin');
    await p.getByLabel(labels.password, { exact: true }).fill('Ready-For-Home-1');
    await p.getByRole('button', { name: labels.next }).click();
    await p.getByRole('button', { name: labels.skip }).click();
    await p.getByRole('button', { name: labels.activate }).click();

    await p.getByRole('heading', { name: labels.ready }).waitFor({ timeout: 30_000 });
    const shortName = await p.getByTestId('ready-short-name').textContent();
    assert.equal(
      await p.getByLabel(labels.email, { exact: true }).inputValue(),
      seeded.contactEmail,
      'email prefilled',
    );
    await assertAccessible(p, 'ready with login');
    assert.equal(await p.getByRole('textbox', { name: /short name|짧은 이름/ }).inputValue(), shortName);
    await p.getByLabel(labels.password, { exact: true }).fill('Ready-For-Home-1');
    await p.getByRole('button', { name: labels.signIn }).click();

    await p.getByRole('heading', { name: labels.setupTitle }).waitFor();
    await p.getByRole('progressbar').waitFor();
    await assertAccessible(p, 'setup');
    await p.getByRole('button', { name: labels.continue }).click({ timeout: 30_000 });

    await p.waitForURL(`${web.base}/home`);
    await p
      .getByTestId('home-short-name')
      .getByText(shortName ?? '')
      .waitFor();
    assert.match((await p.getByTestId('home-organization-id').textContent()) ?? '', /^[0-9a-f-]{36}$/);
    await p.getByTestId('verification').getByText(labels.verificationPending).waitFor();
    assert.match((await p.getByTestId('billing-summary').textContent()) ?? '', expect.billing);
    await p.getByText(expect.features).first().waitFor();
    await assertAccessible(p, 'home');

    await p.getByLabel(labels.inviteEmail, { exact: true }).fill(expect.invitee);
    await p.getByRole('button', { name: labels.inviteSubmit }).click();
    await p.getByRole('cell', { name: expect.invitee, exact: true }).waitFor();
    await p.getByRole('cell', { name: labels.pending, exact: true }).waitFor();
    await assertAccessible(p, 'home with an invitation');

    // The colleague, in a browser of their own.
    const [mail] = await web.app.waitForMail(expect.invitee, expect.inviteSubject);
    const link = /(http:\/\/onramp\.test\/invitations\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    const colleague = await web.page({ locale: expect.locale });
    await visit(colleague, link.replace('http://onramp.test', web.base), 'invitation');
    await colleague.getByLabel(labels.joinFirst, { exact: true }).fill('Bob');
    await colleague.getByLabel(labels.joinLast, { exact: true }).fill('Colleague');
    await colleague.getByLabel(labels.joinPassword, { exact: true }).fill('Joining-Today-2');
    await colleague.getByRole('button', { name: labels.join }).click();
    await colleague.waitForURL(`${web.base}/home?joined=1`);
    await colleague
      .getByRole('status')
      .getByText(/joined|합류했습니다/)
      .waitFor();
    await colleague.getByRole('heading', { name: labels.members }).waitFor();
    await colleague.getByRole('cell', { name: 'Bob Colleague' }).waitFor();
    assert.equal(
      await colleague.getByRole('heading', { name: labels.inviteTitle }).count(),
      0,
      'a user cannot invite',
    );
    await assertAccessible(colleague, 'home as a user');
    assert.deepEqual(colleague.problems, []);
    assert.deepEqual(p.problems, []);
  }

  test('English, a paid subscription with two products', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, {
      company: 'Homeward Inc',
      kind: 'paid',
      trialDays: undefined,
      currency: 'USD',
      ratePlan: 'annual',
      products: [
        { sku: 'cx-2', quantity: 15 },
        { sku: 'wem-addon', quantity: 15 },
      ],
    });
    const p = await web.page();
    await journey(
      p,
      seeded,
      {
        signUp: 'Sign up',
        region: /Americas \(Canada\)/,
        firstName: 'First name',
        lastName: 'Last name',
        password: 'Password',
        next: 'Next',
        skip: 'Skip',
        activate: 'Activate now',
        ready: 'Your organization is ready',
        email: 'Email',
        signIn: 'Sign in',
        setupTitle: 'Setting up your organization',
        continue: 'Continue',
        verificationPending: 'Awaiting verification by your CX specialist',
        inviteEmail: 'Email',
        inviteSubmit: 'Send invitation',
        pending: 'Pending',
        joinFirst: 'First name',
        joinLast: 'Last name',
        joinPassword: 'Choose a password',
        join: 'Join the organization',
        members: 'Members',
        inviteTitle: 'Invite someone',
      },
      {
        locale: 'en-US',
        billing: /Rate plan annual, billed in USD/,
        features: 'Gamification',
        invitee: 'bob@homeward.test',
        inviteSubject: /invited you to Homeward Inc/,
      },
    );
  });

  test('Korean, a trial', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, {
      company: '홈워드',
      locale: 'ko',
      kind: 'trial',
      trialDays: 14,
    });
    const p = await web.page({ locale: 'ko-KR' });
    await journey(
      p,
      seeded,
      {
        signUp: '가입하기',
        region: /아시아 태평양\(서울\)/,
        firstName: '이름',
        lastName: '성',
        password: '비밀번호',
        next: '다음',
        skip: '건너뛰기',
        activate: '지금 활성화',
        ready: '조직이 준비되었습니다',
        email: '이메일',
        signIn: '로그인',
        setupTitle: '조직을 설정하는 중',
        continue: '계속',
        verificationPending: 'CX 전문가의 검증을 기다리는 중',
        inviteEmail: '이메일',
        inviteSubmit: '초대 보내기',
        pending: '대기 중',
        joinFirst: '이름',
        joinLast: '성',
        joinPassword: '비밀번호 만들기',
        join: '조직에 참여',
        members: '구성원',
        inviteTitle: '사용자 초대',
      },
      {
        locale: 'ko-KR',
        billing: /평가판: 14일 남음/,
        features: '웹 채팅',
        invitee: 'minsu@homeward.test',
        inviteSubject: /초대했습니다/,
      },
    );
  });
});
