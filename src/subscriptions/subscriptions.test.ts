import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { activationTokenFrom, type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { seedSubscription, subscriptionBody } from '../../test/helpers/factories.ts';

describe('subscriptions', () => {
  let app: TestApp;
  let sales: Headers;
  before(async () => {
    app = await startTestApp();
    sales = await app.staff(['sales']);
  });
  after(() => app.close());

  const create = (payload: unknown, as: Headers = sales) =>
    app.request({ method: 'POST', url: '/api/v1/subscriptions', payload: payload as object, as });

  test('a sales rep creates a trial subscription and the activation email is delivered', async () => {
    const body = subscriptionBody({ company: 'Globex Korea', products: [{ sku: 'cx-3', quantity: 5 }] });
    const response = await create(body);
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.equal(created.status, 'pending');
    assert.equal(created.company, 'Globex Korea');
    assert.deepEqual(created.products, [{ sku: 'cx-3', name: 'CX 3', quantity: 5 }]);
    assert.equal(response.headers.location, `/api/v1/subscriptions/${created.id}`);
    assert.ok(Date.parse(created.activationLink.expiresAt) > Date.now() + 29 * 24 * 3600_000);
    assert.equal(JSON.stringify(created).includes('/activate/'), false, 'the token travels only by email');

    const [mail] = await app.waitForMail(body.contact.email, 'Activate your Onramp features');
    assert.ok(mail);
    assert.match(mail.text, /Globex Korea/);
    assert.match(mail.text, /CX 3 × 5/);
    assert.match(mail.text, /Trial: 30 days/);
    assert.match(mail.text, /expires on/);
    assert.match(mail.text, /http:\/\/onramp\.test\/activate\/[A-Za-z0-9_-]{43}/);
    assert.match(mail.text, /request a new activation email at http:\/\/onramp\.test\/activate/);
    assert.match(mail.html, /<a href="http:\/\/onramp\.test\/activate\//);
  });

  test('a paid subscription in Korean gets the Korean email with plan and currency', async () => {
    const body = subscriptionBody({
      company: '삼성전자',
      locale: 'ko',
      kind: 'paid',
      trialDays: undefined,
      currency: 'krw',
      ratePlan: 'annual-2026',
      products: [
        { sku: 'cx-2', quantity: 40 },
        { sku: 'wem-addon', quantity: 40 },
      ],
    });
    const response = await create(body);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().currency, 'KRW');
    const [mail] = await app.waitForMail(body.contact.email, 'Onramp 기능 활성화');
    assert.ok(mail);
    assert.match(mail.text, /삼성전자/);
    assert.match(mail.text, /요금제 annual-2026, KRW/);
    assert.match(mail.html, /<html lang="ko">/);
  });

  test('the list is newest first, paginated with a cursor, filtered by status and searchable', async () => {
    const marker = `Paginate${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await create(subscriptionBody({ company: `${marker} ${i}` }))).json().id);
    }
    const first = (
      await app.request({ method: 'GET', url: `/api/v1/subscriptions?q=${marker}&limit=2`, as: sales })
    ).json();
    assert.deepEqual(
      first.items.map((s: { company: string }) => s.company),
      [`${marker} 4`, `${marker} 3`],
    );
    assert.ok(first.nextCursor);
    const second = (
      await app.request({
        method: 'GET',
        url: `/api/v1/subscriptions?q=${marker}&limit=2&cursor=${first.nextCursor}`,
        as: sales,
      })
    ).json();
    assert.deepEqual(
      second.items.map((s: { company: string }) => s.company),
      [`${marker} 2`, `${marker} 1`],
    );
    const third = (
      await app.request({
        method: 'GET',
        url: `/api/v1/subscriptions?q=${marker}&limit=2&cursor=${second.nextCursor}`,
        as: sales,
      })
    ).json();
    assert.deepEqual(
      third.items.map((s: { company: string }) => s.company),
      [`${marker} 0`],
    );
    assert.equal(third.nextCursor, null);

    const byEmail = (
      await app.request({
        method: 'GET',
        url: `/api/v1/subscriptions?q=${encodeURIComponent('customer.test')}&status=pending`,
        as: sales,
      })
    ).json();
    assert.ok(byEmail.items.length > 0);
    assert.ok(byEmail.items.every((s: { status: string }) => s.status === 'pending'));
    const none = (
      await app.request({
        method: 'GET',
        url: `/api/v1/subscriptions?q=${marker}&status=activated`,
        as: sales,
      })
    ).json();
    assert.deepEqual(none.items, []);
    const wildcard = (
      await app.request({ method: 'GET', url: '/api/v1/subscriptions?q=%25%25_', as: sales })
    ).json();
    assert.deepEqual(wildcard.items, [], 'LIKE wildcards in the search are literal');
  });

  test('list parameters are validated', async () => {
    for (const query of [
      'status=done',
      'limit=0',
      'limit=101',
      'cursor=garbage',
      `cursor=${Buffer.from('x|y').toString('base64url')}`,
    ]) {
      const response = await app.request({ method: 'GET', url: `/api/v1/subscriptions?${query}`, as: sales });
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.equal(response.json().error.code, 'VALIDATION_FAILED');
    }
  });

  test('the detail shows products, the activation link state and each email with its delivery status', async () => {
    const seeded = await seedSubscription(app, { company: 'Detail Co' });
    const response = await app.request({
      method: 'GET',
      url: `/api/v1/subscriptions/${seeded.id}`,
      as: sales,
    });
    assert.equal(response.statusCode, 200, response.body);
    const detail = response.json();
    assert.equal(detail.company, 'Detail Co');
    assert.equal(detail.activationLink.state, 'live');
    assert.equal(detail.activationLink.issuedCount, 1);
    assert.equal(detail.organization, null);
    assert.deepEqual(detail.checks, []);
    assert.equal(detail.emails.length, 1);
    assert.equal(detail.emails[0].template, 'activation');
    assert.equal(detail.emails[0].status, 'sent');
    assert.equal(detail.emails[0].attempts, 1);
    assert.ok(detail.emails[0].sentAt);
  });

  test('unknown and malformed subscription IDs', async () => {
    const unknown = await app.request({
      method: 'GET',
      url: '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000',
      as: sales,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'SUBSCRIPTION_NOT_FOUND');
    const malformed = await app.request({ method: 'GET', url: '/api/v1/subscriptions/123', as: sales });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'VALIDATION_FAILED');
    const resend = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/activation-email',
      as: sales,
    });
    assert.equal(resend.json().error.code, 'SUBSCRIPTION_NOT_FOUND');
  });

  test('re-sending issues a new link: the old one answers REPLACED, the new one works', async () => {
    const seeded = await seedSubscription(app, { company: 'Resend Co' });
    const response = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
      as: sales,
    });
    assert.equal(response.statusCode, 202, response.body);
    const mails = await app.waitForMail(seeded.contactEmail, 'Activate your Onramp features', 2);
    const newToken = activationTokenFrom(mails[0] ?? { text: '' });
    assert.notEqual(newToken, seeded.token);

    const old = await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}` });
    assert.equal(old.statusCode, 410);
    assert.equal(old.json().error.code, 'ACTIVATION_LINK_REPLACED');
    const fresh = await app.request({ method: 'GET', url: `/api/v1/activations/${newToken}` });
    assert.equal(fresh.statusCode, 200);
    assert.equal(fresh.json().company, 'Resend Co');

    const detail = (
      await app.request({ method: 'GET', url: `/api/v1/subscriptions/${seeded.id}`, as: sales })
    ).json();
    assert.equal(detail.activationLink.issuedCount, 2);
    assert.equal(detail.emails.length, 2);
  });

  test('concurrent re-sends leave exactly one live link', async () => {
    const seeded = await seedSubscription(app, { company: 'Race Co' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.request({
          method: 'POST',
          url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
          as: sales,
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [202, 202, 202, 202, 202],
    );
    const mails = await app.waitForMail(seeded.contactEmail, 'Activate your Onramp features', 6);
    const live = [];
    for (const mail of mails) {
      const answer = await app.request({
        method: 'GET',
        url: `/api/v1/activations/${activationTokenFrom(mail)}`,
      });
      if (answer.statusCode === 200) live.push(mail);
    }
    assert.equal(live.length, 1);
  });

  test('a subscription that is no longer pending cannot be re-sent', async () => {
    const seeded = await seedSubscription(app);
    await app.ctx.database.db.execute(
      (await import('drizzle-orm'))
        .sql`update subscriptions set status = 'cancelled' where id = ${seeded.id}`,
    );
    const response = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
      as: sales,
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'SUBSCRIPTION_NOT_PENDING');
    assert.match(response.json().error.message, /cancelled/);
  });

  test('creating and re-sending are audited with the staff member and request reference', async () => {
    const seeded = await seedSubscription(app, { company: 'Audit Co' });
    const resend = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
      as: sales,
    });
    const { sql } = await import('drizzle-orm');
    const rows = (
      (await app.ctx.db.execute(
        sql`select action, actor_type, request_id from audit_events where subscription_id = ${seeded.id} order by id`,
      )) as unknown as { rows: { action: string; actor_type: string; request_id: string }[] }
    ).rows;
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_type]),
      [
        ['subscription.created', 'staff'],
        ['subscription.activation_email_resent', 'staff'],
      ],
    );
    assert.equal(rows[1]?.request_id, resend.headers['x-request-id']);
  });
});
