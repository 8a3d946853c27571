import { describe, test } from 'node:test';
import { createStaffUser } from '../../src/staff/service.ts';
import { testPassword } from '../helpers/app.ts';
import {
  assertFitsPhone,
  assertKoreanPage,
  browserSuite,
  type CheckedPage,
  requireChromium,
  visit,
} from '../helpers/browser.ts';
import { adminPassword, seedOrganization, seedSubscription } from '../helpers/factories.ts';

/** A phone (390 px) in Seoul, in Korean: what a Korean customer and a Korean CX specialist see. */
const phone = { locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport: { width: 390, height: 844 } };

describe('Korean pages on a phone, in Chromium', () => {
  let organizationId: string;
  let adminEmail: string;

  const web = browserSuite({}, async (app) => {
    const org = await seedOrganization(app, {
      subscription: { company: '한빛소프트 주식회사', locale: 'ko' },
      activation: {
        companyName: '한빛소프트 주식회사',
        region: 'ap-northeast-2',
        locale: 'ko',
        admin: { firstName: '민준', lastName: '김', email: 'minjun@hanbit.test', password: adminPassword },
        invitations: [{ email: 'seoyeon@hanbit.test', role: 'user' }],
      },
    });
    organizationId = org.organizationId;
    adminEmail = org.adminEmail;
    await createStaffUser(
      app.ctx,
      { email: 'cx@onramp.test', name: '이지은', password: testPassword, roles: ['cx'] },
      { actor: { type: 'system' } },
    );
  });

  const check = async (page: CheckedPage, label: string, allowed: string[] = []) => {
    await page.waitForLoadState('networkidle');
    await assertKoreanPage(page, label, allowed);
    await assertFitsPhone(page, `ko-${label}`);
  };

  test('the activation wizard: region, then basic information with its errors', async (t) => {
    if (!requireChromium(t)) return;
    const seeded = await seedSubscription(web.app, { company: '누리전자', locale: 'ko' });
    const page = await web.page(phone);
    await visit(page, `${web.base}/activate/${seeded.token}`, 'wizard (ko)');
    await page.getByRole('heading', { name: '데이터를 어디에 저장할까요?' }).waitFor();
    await check(page, 'wizard-region');
    await page.getByRole('radio', { name: /아시아 태평양\(서울\)/ }).check();
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.getByRole('button', { name: '다음' }).click();
    await page.getByText('필수 항목입니다.').first().waitFor();
    await check(page, 'wizard-details-errors');
    const labels = await page.locator('.two-columns label').allTextContents();
    if (labels[0] !== '성') throw new Error(`the form asks 성 first, not ${labels.join(', ')}`);
  });

  test('the customer home: names family-first, times in Seoul, no English', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page(phone);
    await visit(page, `${web.base}/login`, 'login (ko)');
    await page.getByLabel('이메일').fill(adminEmail);
    await page.getByLabel('비밀번호', { exact: true }).fill(adminPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL(/\/home$/);
    await page.getByRole('cell', { name: '김민준' }).waitFor();
    await check(page, 'home', ['hanbitsopeuteu']);
    // Inviting someone who is already a member is a calm word beside the field.
    await page.getByLabel('이메일', { exact: true }).last().fill(adminEmail);
    await page.getByRole('button', { name: '초대 보내기' }).click();
    await page.locator('.invite-form .field-error').getByText('이미 이 조직의 구성원입니다').waitFor();
    if ((await page.locator('.error-panel').count()) > 0) throw new Error('no error box for a member');
  });

  test('a broken activation link is explained in Korean', async (t) => {
    if (!requireChromium(t)) return;
    const page = await web.page(phone);
    await visit(page, `${web.base}/activate/${'x'.repeat(43)}`, 'broken link (ko)');
    await page.getByRole('alert').waitFor();
    await check(page, 'broken-link');
  });

  test('the console: list, organization, new subscription and verification queue in Korean', async (t) => {
    if (!requireChromium(t)) return;
    // A CX specialist in another zone still sees the customer's times in Seoul's, named.
    const page = await web.page({ ...phone, timezoneId: 'Europe/Dublin' });
    await visit(page, `${web.base}/console/sign-in`, 'console sign-in (ko)');
    await page.getByLabel('이메일').fill('cx@onramp.test');
    await page.getByLabel('비밀번호').fill(testPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL(`${web.base}/console`);
    await page.getByText('한빛소프트 주식회사').first().waitFor();
    await check(page, 'console-subscriptions');
    // The navigation is one Menu button on a phone; choosing a page closes it.
    await page.getByRole('button', { name: '메뉴' }).click();
    await page.getByRole('link', { name: '검증' }).click();
    await page.waitForURL(`${web.base}/console/verification`);
    if (await page.getByRole('link', { name: '새 구독' }).isVisible()) throw new Error('the menu stays open');
    // Search as you type: results follow the box without Enter, and opening one stays open.
    await page.getByRole('button', { name: '메뉴' }).click();
    await page.getByRole('searchbox').pressSequentially('한빛');
    await page.waitForURL(/\/console\/search\?q=/);
    await page.getByRole('link', { name: '한빛소프트 주식회사' }).click();
    await page.getByRole('heading', { name: '한빛소프트 주식회사' }).waitFor();
    await page.waitForTimeout(600);
    if (!page.url().includes('/console/organizations/'))
      throw new Error(`left the organization for ${page.url()}`);
    await visit(page, `${web.base}/console/organizations/${organizationId}`, 'organization (ko)');
    await page.getByRole('heading', { name: '한빛소프트 주식회사' }).waitFor();
    await check(page, 'console-organization', ['hanbitsopeuteu']);
    await page
      .locator('.timeline time')
      .first()
      .getByText(/GMT\+9$/)
      .waitFor();
    await page
      .getByRole('navigation', { name: '이 페이지의 내용' })
      .getByRole('link', { name: '감사 기록' })
      .click();
    await page.waitForURL(/#audit-title$/);
    await page.getByRole('heading', { name: '감사 기록' }).waitFor();
    await visit(page, `${web.base}/console/verification`, 'verification queue (ko)');
    await check(page, 'console-verification');
    await visit(page, `${web.base}/console/subscriptions/new`, 'new subscription (ko)');
    await check(page, 'console-new-subscription');
    await page.locator('.product-picker input[type="checkbox"]').first().check();
    const quantity = await page.locator('.product-picker .quantity').first().boundingBox();
    if (!quantity || quantity.width < 90)
      throw new Error(`the quantity box is squeezed to ${quantity?.width}px`);
  });
});
