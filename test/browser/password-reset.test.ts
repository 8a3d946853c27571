import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertAccessible, browserSuite, requireChromium, visit } from '../helpers/browser.ts';
import { adminPassword, seedActivation } from '../helpers/factories.ts';

describe('customer password reset in Chromium', () => {
  const web = browserSuite();

  test('"Forgot password?" → email → new password → sign in; the used link then says so', async (t) => {
    if (!requireChromium(t)) return;
    const org = await seedActivation(web.app, { activation: { companyName: 'Browser Reset Co' } });
    const page = await web.page();
    await visit(page, `${web.base}/login`, 'sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await assertAccessible(page, 'forgot password');
    await page.getByLabel('Email').fill(org.adminEmail);
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText(/an email with a reset link is on its way/).waitFor();

    const [mail] = await web.app.waitForMail(org.adminEmail, 'Reset your Onramp password');
    const link = /(http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    assert.ok(link, mail?.text);
    await visit(page, link.replace('http://onramp.test', web.base), 'reset form');
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password').fill('weak');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('The password does not meet the rules below yet.').waitFor();
    await page.getByLabel('New password').fill('Fresh-Password-77');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('Your password is changed. Sign in with the new one.').waitFor();
    await assertAccessible(page, 'password changed');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password').fill('Fresh-Password-77');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/(setup|home)$/);

    await visit(page, link.replace('http://onramp.test', web.base), 'used link');
    await page
      .getByRole('alert')
      .getByText(/already used/)
      .waitFor();
    await page.getByRole('link', { name: 'Ask for a new reset link' }).waitFor();
    assert.deepEqual(page.problems, []);
  });

  test('change password in the home page: a wrong current password is a calm message beside it', async (t) => {
    if (!requireChromium(t)) return;
    const org = await seedActivation(web.app, { activation: { companyName: 'Browser Change Co' } });
    const page = await web.page();
    await visit(page, `${web.base}/login`, 'sign-in');
    await page.getByLabel('Email').fill(org.adminEmail);
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/(setup|home)$/);
    await visit(page, `${web.base}/home`, 'home');
    const section = page.getByRole('region', { name: 'Password' });
    await section.getByLabel('Current password').fill('not-my-password');
    await section.getByLabel('New password').fill('Changed-Password-88');
    await section.getByRole('button', { name: 'Change password' }).click();
    await section
      .getByRole('alert')
      .getByText('Your current password is not correct.', { exact: false })
      .waitFor();
    assert.equal(await page.locator('.error-panel').count(), 0, 'no reference box for a wrong password');
    await section.getByLabel('Current password').fill(adminPassword);
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByRole('status').getByText('Your password is changed', { exact: false }).waitFor();
    assert.equal(await section.getByLabel('Current password').inputValue(), '');
    await assertAccessible(page, 'password changed in home');
    assert.deepEqual(page.problems, []);
  });
});
