import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { activationTokenFrom, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { seedSubscription } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { hashToken } from '../security/tokens.ts';

describe('activation links', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const open = (token: string, headers: Record<string, string> = {}) =>
    app.request({ method: 'GET', url: `/api/v1/activations/${token}`, headers });

  test('a live link answers the subscription summary', async () => {
    const seeded = await seedSubscription(app, {
      company: 'Summary Co',
      products: [
        { sku: 'cx-1', quantity: 3 },
        { sku: 'wem-addon', quantity: 2 },
      ],
    });
    const response = await open(seeded.token);
    assert.equal(response.statusCode, 200, response.body);
    const summary = response.json();
    assert.equal(summary.company, 'Summary Co');
    assert.equal(summary.contactEmail, seeded.contactEmail);
    assert.equal(summary.kind, 'trial');
    assert.equal(summary.trialDays, 30);
    assert.equal(summary.status, 'pending');
    assert.deepEqual(
      summary.products.map((p: { sku: string; quantity: number }) => [p.sku, p.quantity]),
      [
        ['cx-1', 3],
        ['wem-addon', 2],
      ],
    );
    assert.ok(summary.features.includes('voice') && summary.features.includes('gamification'));
    const expires = Date.parse(summary.expiresAt) - Date.now();
    assert.ok(expires > 29.9 * 24 * 3600_000 && expires <= 30 * 24 * 3600_000);
  });

  test('the token has at least 128 random bits and only its hash is stored', async () => {
    const seeded = await seedSubscription(app);
    assert.ok(Buffer.from(seeded.token, 'base64url').length >= 16);
    const stored = await rows<{ token_hash: string }>(
      app,
      sql`select token_hash from activation_tokens where subscription_id = ${seeded.id}`,
    );
    assert.deepEqual(stored, [{ token_hash: hashToken(seeded.token) }]);
    const text = JSON.stringify(await rows(app, sql`select * from activation_tokens`));
    assert.equal(text.includes(seeded.token), false);
  });

  test('unknown and malformed links answer ACTIVATION_LINK_INVALID', async () => {
    for (const token of ['A'.repeat(43), 'short', 'has spaces and %', 'x'.repeat(200)]) {
      const response = await open(encodeURIComponent(token));
      assert.equal(response.statusCode, 404, `${token}: ${response.body}`);
      assert.equal(response.json().error.code, 'ACTIVATION_LINK_INVALID');
    }
  });

  test('a link expires after 30 days', async () => {
    const seeded = await seedSubscription(app);
    app.clock.offsetMs = 30 * 24 * 3600_000 - 60_000;
    try {
      assert.equal((await open(seeded.token)).statusCode, 200, 'still valid a minute before');
      app.clock.offsetMs = 30 * 24 * 3600_000 + 1000;
      const response = await open(seeded.token);
      assert.equal(response.statusCode, 410);
      const { error } = response.json();
      assert.equal(error.code, 'ACTIVATION_LINK_EXPIRED');
      assert.match(error.message, /expired on .* Request a new activation email/);
      assert.ok(error.details.expiredAt);
      const korean = await open(seeded.token, { 'accept-language': 'ko-KR,ko;q=0.9' });
      assert.match(korean.json().error.message, /만료되었습니다/);
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('a replaced link answers ACTIVATION_LINK_REPLACED', async () => {
    const seeded = await seedSubscription(app);
    const sales = await app.staff(['sales']);
    await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
      as: sales,
    });
    const response = await open(seeded.token);
    assert.equal(response.statusCode, 410);
    assert.equal(response.json().error.code, 'ACTIVATION_LINK_REPLACED');
  });

  test('a used link answers ACTIVATION_LINK_USED', async () => {
    const seeded = await seedSubscription(app);
    await app.ctx.db.execute(
      sql`update activation_tokens set used_at = now() where token_hash = ${hashToken(seeded.token)}`,
    );
    const response = await open(seeded.token);
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'ACTIVATION_LINK_USED');
  });

  test('a cancelled subscription answers ACTIVATION_LINK_CANCELLED, even for an expired link', async () => {
    const seeded = await seedSubscription(app);
    await app.ctx.db.execute(sql`update subscriptions set status = 'cancelled' where id = ${seeded.id}`);
    app.clock.offsetMs = 40 * 24 * 3600_000;
    try {
      const response = await open(seeded.token);
      assert.equal(response.statusCode, 410);
      assert.equal(response.json().error.code, 'ACTIVATION_LINK_CANCELLED');
      assert.match(response.json().error.message, /Contact your sales representative/);
    } finally {
      app.clock.offsetMs = 0;
    }
  });
});

describe('self-service activation email requests', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const ask = (email: string, ip = '10.0.0.1') =>
    app.request({
      method: 'POST',
      url: '/api/v1/activation-email-requests',
      payload: { email },
      remoteAddress: ip,
    });

  test('a known contact gets a new link and the old one dies; the answer is the same as for a stranger', async () => {
    const seeded = await seedSubscription(app, { company: 'Lost Email Co' });
    // Links issued in the last five minutes are not replaced (double submits); age this one.
    await app.ctx.db.execute(
      sql`update activation_tokens set created_at = now() - interval '10 minutes' where subscription_id = ${seeded.id}`,
    );
    const known = await ask(seeded.contactEmail.toUpperCase(), '10.0.0.2');
    const unknown = await ask('nobody-here@customer.test', '10.0.0.3');
    assert.equal(known.statusCode, 202);
    assert.equal(unknown.statusCode, 202);
    assert.deepEqual(known.json(), unknown.json());

    const mails = await app.waitForMail(seeded.contactEmail, 'Activate your Onramp features', 2);
    const fresh = activationTokenFrom(mails[0] ?? { text: '' });
    assert.notEqual(fresh, seeded.token);
    assert.equal((await app.request({ method: 'GET', url: `/api/v1/activations/${fresh}` })).statusCode, 200);
    assert.equal(
      (await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}` })).json().error.code,
      'ACTIVATION_LINK_REPLACED',
    );
    assert.deepEqual(await app.mailbox('nobody-here@customer.test'), []);
    const audit = await rows<{ actor_type: string }>(
      app,
      sql`select actor_type from audit_events where subscription_id = ${seeded.id} and action = 'subscription.activation_email_requested'`,
    );
    assert.deepEqual(audit, [{ actor_type: 'anonymous' }]);
  });

  test('a link sent minutes ago is not replaced by a request (double submit)', async () => {
    const seeded = await seedSubscription(app);
    await ask(seeded.contactEmail, '10.0.0.4');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await app.mailbox(seeded.contactEmail)).length, 1);
    assert.equal(
      (await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}` })).statusCode,
      200,
    );
  });

  test('an activated or cancelled subscription gets nothing', async () => {
    const seeded = await seedSubscription(app);
    await app.ctx.db.execute(
      sql`update activation_tokens set created_at = now() - interval '1 hour' where subscription_id = ${seeded.id}`,
    );
    await app.ctx.db.execute(sql`update subscriptions set status = 'cancelled' where id = ${seeded.id}`);
    assert.equal((await ask(seeded.contactEmail, '10.0.0.5')).statusCode, 202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await app.mailbox(seeded.contactEmail)).length, 1);
  });

  test('an invalid address is a 400, not a silent 202', async () => {
    const response = await ask('not an email', '10.0.0.6');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'VALIDATION_FAILED');
  });

  test('requests are rate limited per client address', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await ask(`someone${i}@customer.test`, '10.9.9.9')).statusCode);
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
    const limited = await ask('x@customer.test', '10.9.9.9');
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(
      (await ask('x@customer.test', '10.9.9.10')).statusCode,
      202,
      'another address is not limited',
    );
  });

  test('each route has its own limit: exhausting one leaves the others alone', async () => {
    for (let i = 0; i < 6; i++) await ask(`route${i}@customer.test`, '10.8.8.8');
    assert.equal((await ask('route@customer.test', '10.8.8.8')).statusCode, 429);
    const preview = await app.request({
      method: 'GET',
      url: '/api/v1/short-names/preview?company=x&region=us-east-1',
      remoteAddress: '10.8.8.8',
    });
    assert.equal(preview.statusCode, 200);
  });

  test('an address asking too often gets nothing more, with the same answer', async () => {
    const seeded = await seedSubscription(app);
    for (let i = 0; i < 5; i++) {
      await app.ctx.db.execute(
        sql`update activation_tokens set created_at = now() - interval '1 hour' where subscription_id = ${seeded.id}`,
      );
      const response = await ask(seeded.contactEmail, `10.1.0.${i}`);
      assert.equal(response.statusCode, 202);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // One from creation, then at most three requests an hour.
    assert.equal((await app.mailbox(seeded.contactEmail)).length, 4);
  });
});
