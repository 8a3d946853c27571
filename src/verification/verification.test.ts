import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { seedOrganization } from '../../test/helpers/factories.ts';
import { startSmtpServer } from '../../test/helpers/smtp.ts';
import { rows } from '../../test/helpers/sql.ts';

async function checksOf(app: TestApp, organizationId: string) {
  return rows<{ key: string; status: string; detail: string | null }>(
    app,
    sql`select key, status, detail from verification_checks where organization_id = ${organizationId} order by key`,
  );
}

async function waitForChecks(app: TestApp, organizationId: string) {
  await waitFor(async () => (await checksOf(app, organizationId)).length === 5, 'the automated checks');
}

describe('verification', () => {
  let app: TestApp;
  let cx: Headers;
  before(async () => {
    app = await startTestApp();
    cx = await app.staff(['cx']);
  });
  after(() => app.close());

  const verify = (id: string, body: Record<string, unknown> = {}, as: Headers = cx) =>
    app.request({ method: 'POST', url: `/api/v1/organizations/${id}/verification`, payload: body, as });

  test('when setup is done the checks run by themselves, pass, and the organization waits in the CX queue', async () => {
    const org = await seedOrganization(app, {
      activation: { companyName: 'Queue Co', invitations: [{ email: 'q@customer.test', role: 'user' }] },
    });
    await waitForChecks(app, org.organizationId);
    await waitFor(
      async () => (await checksOf(app, org.organizationId)).every((c) => c.status === 'passed'),
      'every check passing',
    );
    const queue = (await app.request({ method: 'GET', url: '/api/v1/verification-queue', as: cx })).json()
      .items;
    const entry = queue.find((i: { id: string }) => i.id === org.organizationId);
    assert.ok(entry);
    assert.equal(entry.checksPassed, true);
    assert.deepEqual(
      entry.checks.map((c: { key: string }) => c.key),
      ['features-enabled', 'billing-matches', 'admin-logged-in', 'emails-delivered', 'no-failed-steps'],
    );
  });

  test('the queue is oldest first', async () => {
    const first = await seedOrganization(app, { activation: { companyName: 'Older Co' } });
    const second = await seedOrganization(app, { activation: { companyName: 'Newer Co' } });
    const ids = (await app.request({ method: 'GET', url: '/api/v1/verification-queue', as: cx }))
      .json()
      .items.map((i: { id: string }) => i.id);
    assert.ok(ids.indexOf(first.organizationId) < ids.indexOf(second.organizationId));
  });

  test('checks fail for the right reason, and re-run from the console', async () => {
    const org = await seedOrganization(app, { activation: { companyName: 'Broken Co' } });
    await waitForChecks(app, org.organizationId);
    await app.ctx.db.execute(
      sql`delete from organization_features where organization_id = ${org.organizationId} and feature = 'web-chat'`,
    );
    await app.ctx.db.execute(
      sql`update billing_quantities set quantity = 99 where organization_id = ${org.organizationId}`,
    );
    const rerun = await app.request({
      method: 'POST',
      url: `/api/v1/organizations/${org.organizationId}/checks`,
      as: cx,
    });
    assert.equal(rerun.statusCode, 200, rerun.body);
    const failed = rerun.json().checks.filter((c: { status: string }) => c.status === 'failed');
    assert.deepEqual(
      failed.map((c: { key: string; detail: string }) => [c.key, c.detail]),
      [
        ['features-enabled', 'not enabled: web-chat'],
        ['billing-matches', 'cx-2: billed 99, subscribed 10'],
      ],
    );
    assert.deepEqual(
      (await checksOf(app, org.organizationId)).filter((c) => c.status === 'failed').map((c) => c.key),
      ['billing-matches', 'features-enabled'],
    );
  });

  test('sign-off is refused while a check fails, and allowed with an override and notes', async () => {
    const org = await seedOrganization(app, { activation: { companyName: 'Override Co' } });
    await waitForChecks(app, org.organizationId);
    await app.ctx.db.execute(
      sql`update customer_users set last_login_at = null where organization_id = ${org.organizationId}`,
    );
    const refused = await verify(org.organizationId, { notes: 'looks fine' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'CHECKS_FAILING');
    assert.deepEqual(refused.json().error.details.failing, [
      { key: 'admin-logged-in', detail: 'the administrator has not logged in yet' },
    ]);
    assert.match(refused.json().error.message, /admin-logged-in/);
    const withoutNotes = await verify(org.organizationId, { override: true });
    assert.equal(withoutNotes.statusCode, 400);
    assert.equal(withoutNotes.json().error.details.fields[0].path, 'body.notes');
    assert.deepEqual(
      await app.mailbox(org.adminEmail).then((m) => m.filter((x) => /Thank you|Welcome/.test(x.subject))),
      [],
    );
    const overridden = await verify(org.organizationId, {
      override: true,
      notes: 'Admin confirmed access by phone.',
    });
    assert.equal(overridden.statusCode, 200, overridden.body);
    assert.equal(overridden.json().override, true);
    const [audit] = await rows<{ data: Record<string, unknown> }>(
      app,
      sql`select data from audit_events where organization_id = ${org.organizationId} and action = 'organization.verified'`,
    );
    assert.equal(audit?.data.override, true);
    assert.deepEqual(audit?.data.failingChecks, ['admin-logged-in']);
    assert.equal(audit?.data.notes, 'Admin confirmed access by phone.');
  });

  test('signing off sends "Thank you…" then "Welcome to Onramp" once, with the required content; the customer sees "verified"', async () => {
    const org = await seedOrganization(app, {
      activation: { companyName: 'Welcome Co', region: 'eu-central-1' },
    });
    await waitForChecks(app, org.organizationId);
    const response = await verify(org.organizationId, { notes: 'All good.' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().alreadyVerified, false);
    const mails = await app.waitForMail(
      org.adminEmail,
      /Thank you for activating Onramp features|Welcome to Onramp/,
      2,
    );
    // Newest first: the welcome came second.
    assert.deepEqual(
      mails.map((m) => m.subject),
      ['Welcome to Onramp', 'Thank you for activating Onramp features'],
    );
    const welcome = mails[0]?.text ?? '';
    assert.match(welcome, /Sign-in address: http:\/\/onramp\.test\/login/);
    assert.match(welcome, new RegExp(`Organization ID: ${org.organizationId}`));
    assert.match(welcome, /Short name: welcomeco/);
    assert.match(welcome, /Region: EMEA \(Frankfurt\)/);
    assert.match(welcome, /Getting started/);
    assert.match(welcome, /Inviting people/);
    assert.match(
      welcome,
      new RegExp(`support@onramp\\.localhost and quote your Organization ID ${org.organizationId}`),
    );

    const again = await verify(org.organizationId, { notes: 'again' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().alreadyVerified, true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      (await app.mailbox(org.adminEmail)).filter((m) => /Thank you|Welcome/.test(m.subject)).length,
      2,
    );
    const me = (await app.request({ method: 'GET', url: '/api/v1/me', as: org.admin })).json();
    assert.equal(me.organization.verification, 'verified');
    const queue = (await app.request({ method: 'GET', url: '/api/v1/verification-queue', as: cx })).json()
      .items;
    assert.equal(
      queue.some((i: { id: string }) => i.id === org.organizationId),
      false,
      'verified organizations leave the queue',
    );
  });

  test('a Korean organization gets the closing emails in Korean', async () => {
    const org = await seedOrganization(app, {
      activation: { companyName: '서울상사', locale: 'ko', region: 'ap-northeast-2' },
    });
    await waitForChecks(app, org.organizationId);
    assert.equal((await verify(org.organizationId)).statusCode, 200);
    const mails = await app.waitForMail(
      org.adminEmail,
      /Onramp 기능을 활성화해 주셔서 감사합니다|Onramp에 오신 것을 환영합니다/,
      2,
    );
    assert.match(mails[0]?.text ?? '', /로그인 주소: /);
    assert.match(mails[0]?.text ?? '', /아시아 태평양\(서울\)/);
  });

  test('roles: sales cannot verify, support only reads', async () => {
    const org = await seedOrganization(app, { activation: { companyName: 'Roles Co' } });
    const sales = await app.staff(['sales']);
    const support = await app.staff(['support']);
    assert.equal((await verify(org.organizationId, {}, sales)).statusCode, 403);
    assert.equal((await verify(org.organizationId, {}, support)).statusCode, 403);
    assert.equal(
      (
        await app.request({
          method: 'POST',
          url: `/api/v1/organizations/${org.organizationId}/checks`,
          as: support,
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await app.request({
          method: 'POST',
          url: `/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/cancellation`,
          as: support,
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await app.request({ method: 'GET', url: `/api/v1/organizations/${org.organizationId}`, as: support }))
        .statusCode,
      200,
    );
    assert.equal(
      (
        await app.request({
          method: 'GET',
          url: `/api/v1/organizations/${org.organizationId}/audit`,
          as: support,
        })
      ).statusCode,
      200,
    );
    assert.equal(
      (await verify('00000000-0000-4000-8000-000000000000')).json().error.code,
      'ORGANIZATION_NOT_FOUND',
    );
  });
});

describe('the closing emails through a relay that fails at first', () => {
  test('"Welcome" is never delivered before "Thank you"', async () => {
    const smtp = await startSmtpServer();
    const app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const org = await seedOrganization(app, { activation: { companyName: 'Order Co' } });
      await waitForChecks(app, org.organizationId);
      await waitFor(
        async () => (await checksOf(app, org.organizationId)).every((c) => c.status === 'passed'),
        'checks',
      );
      const cx = await app.staff(['cx']);
      smtp.refuse(2);
      const before = smtp.received.length;
      assert.equal(
        (
          await app.request({
            method: 'POST',
            url: `/api/v1/organizations/${org.organizationId}/verification`,
            payload: {},
            as: cx,
          })
        ).statusCode,
        200,
      );
      await waitFor(() => smtp.received.length >= before + 2, 'both closing emails', 30_000);
      assert.deepEqual(
        smtp.received.slice(before).map((m) => m.parsed.subject),
        ['Thank you for activating Onramp features', 'Welcome to Onramp'],
      );
    } finally {
      await app.close();
      await smtp.close();
    }
  });
});
