import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { type Headers, startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { answer } from '../../test/helpers/client.ts';
import {
  activationBody,
  readDeliveries,
  readEndpoint,
  registerEndpoint,
  seedOrganization,
  seedSubscription,
} from '../../test/helpers/factories.ts';
import { type Receiver, startReceiver } from '../../test/helpers/receiver.ts';
import { rows } from '../../test/helpers/sql.ts';
import { maintain } from '../composition.ts';
import { endpointList, endpointView, rotatedSecret, testEventSent } from './schemas.ts';

describe('webhooks: signed events to registered endpoints', () => {
  let app: TestApp;
  let admin: Headers;
  let receiver: Receiver;
  let secret: string;
  let endpointId: string;
  before(async () => {
    app = await startTestApp();
    admin = await app.staff(['admin']);
    receiver = await startReceiver();
    const endpoint = await registerEndpoint(app, admin, `${receiver.url}/hooks`);
    secret = endpoint.secret;
    endpointId = endpoint.id;
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });

  test('registering answers the whsec_ secret once; reading never shows it; only admins manage endpoints', async () => {
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
    const one = await readEndpoint(app, admin, endpointId);
    assert.equal(one.url, `${receiver.url}/hooks`);
    assert.ok(!JSON.stringify(one).includes(secret));
    for (const role of ['sales', 'cx', 'support'] as const) {
      const staff = await app.staff([role]);
      const listed = await app.request({ method: 'GET', url: '/api/v1/webhook-endpoints', as: staff });
      assert.equal(listed.statusCode, 403, role);
      const created = await app.request({
        method: 'POST',
        url: '/api/v1/webhook-endpoints',
        payload: { url: receiver.url, events: ['subscription.created'] },
        as: staff,
      });
      assert.equal(created.statusCode, 403, role);
    }
    const bad = await app.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      payload: { url: receiver.url, events: ['organization.exploded'] },
      as: admin,
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.fields[0].path, 'body.events.0');
  });

  test('the whole activation emits every event in order, each verified by the reference implementation', async () => {
    const org = await seedOrganization(app, {
      subscription: { company: 'Hook Co', products: [{ sku: 'cx-3', quantity: 25 }] },
      activation: { companyName: 'Hook Co', invitations: [{ email: 'ivy@hook.test', role: 'user' }] },
    });
    const cx = await app.staff(['cx']);
    const verified = await app.request({
      method: 'POST',
      url: `/api/v1/organizations/${org.organizationId}/verification`,
      payload: { notes: 'checked by the webhook test', override: true },
      as: cx,
    });
    assert.equal(verified.statusCode, 200, verified.body);
    const [row] = await rows<{ subscription_id: string }>(
      app,
      sql`select subscription_id from organizations where id = ${org.organizationId}`,
    );
    const mine = () => receiver.received.filter((r) => r.json.data.subscriptionId === row?.subscription_id);
    await receiver.waitFor('the verified event', () =>
      mine().some((r) => r.json.type === 'organization.verified'),
    );
    const parsed = new Webhook(secret);
    for (const request of mine()) {
      assert.deepEqual(parsed.verify(request.body, request.headers as Record<string, string>), request.json);
      assert.match(String(request.headers['webhook-id']), /^msg_/);
      assert.equal(request.path, '/hooks');
    }
    const types = mine().map((r) => r.json.type);
    const order = [
      'subscription.created',
      'activation.email_sent',
      'organization.created',
      'organization.provisioned',
      'organization.setup_completed',
      'organization.verified',
    ];
    for (const type of order)
      assert.ok(types.includes(type), `${type} was delivered (got ${types.join(', ')})`);
    const positions = order.map((type) => types.indexOf(type));
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
      `in order: ${types.join(', ')}`,
    );
    assert.ok(types.includes('invitation.sent'));

    const provisioned = mine().find((r) => r.json.type === 'organization.provisioned')?.json;
    assert.equal(provisioned?.data.organizationId, org.organizationId);
    assert.equal(provisioned?.data.shortName, org.shortName);
    assert.equal(provisioned?.data.region, 'us-east-1');
    assert.equal(provisioned?.data.locale, 'en');
    const products = provisioned?.data.products as { sku: string; quantity: number; features: string[] }[];
    assert.equal(products[0]?.sku, 'cx-3');
    assert.equal(products[0]?.quantity, 25);
    assert.ok(products[0]?.features.includes('workforce-management'));
    const setup = mine().find((r) => r.json.type === 'organization.setup_completed')?.json;
    assert.ok(setup);
    assert.equal((setup.data.billing as { kind: string }).kind, 'trial');
    assert.ok(Date.parse(setup.timestamp) > 0);

    // The organization's timeline shows every event with how its deliveries went.
    const detail = await app.request({
      method: 'GET',
      url: `/api/v1/organizations/${org.organizationId}`,
      as: cx,
    });
    assert.equal(detail.statusCode, 200, detail.body);
    const timeline = detail.json().timeline as { kind: string; label: string; detail: string }[];
    const events = timeline.filter((e) => e.kind === 'event');
    assert.ok(events.some((e) => e.label === 'organization.provisioned' && e.detail === '1/1'));
  });

  test('a failing receiver gets retries until it answers; the log shows attempts, answers and latency', async () => {
    let calls = 0;
    receiver.respondWith((request) => {
      if (request.json.type !== 'subscription.created' || request.json.data.company !== 'Flaky Co') {
        return { status: 200 };
      }
      calls++;
      return calls <= 2
        ? { status: 503, body: '{"error":"busy"}' }
        : { status: 200, body: '{"received":true}' };
    });
    await seedSubscription(app, { company: 'Flaky Co' });
    await receiver.waitFor('three attempts', () => calls >= 3);
    await waitFor(async () => {
      const page = await readDeliveries(app, admin, endpointId);
      const delivery = page.items.find((d) => d.eventType === 'subscription.created' && d.attempts === 3);
      return delivery?.status === 'succeeded' && delivery.responseBody === '{"received":true}';
    }, 'the delivery to succeed on its third attempt');
    const attempts = receiver.received.filter(
      (r) => r.json.data.company === 'Flaky Co' && r.json.type === 'subscription.created',
    );
    assert.equal(
      new Set(attempts.map((r) => r.headers['webhook-id'])).size,
      1,
      'the same webhook-id every attempt',
    );
    receiver.respondWith(() => ({ status: 200 }));
  });

  test('send test event: the receiver gets webhook.test and the console sees its answer', async () => {
    const sent = answer(
      await app.request({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpointId}/test`, as: admin }),
      202,
      testEventSent,
    );
    await receiver.waitFor('the test event', () => receiver.ofType('webhook.test').length > 0);
    await waitFor(async () => {
      const page = await readDeliveries(app, admin, endpointId);
      const delivery = page.items.find((d) => d.id === sent.deliveryId);
      return (
        delivery?.status === 'succeeded' && delivery.responseStatus === 200 && delivery.latencyMs !== null
      );
    }, 'the test delivery to show its answer');
    // The endpoint alone counts what the list counts for it.
    const one = answer(
      await app.request({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpointId}`, as: admin }),
      200,
      endpointView,
    );
    const listed = answer(
      await app.request({ method: 'GET', url: '/api/v1/webhook-endpoints', as: admin }),
      200,
      endpointList,
    ).items.find((endpoint) => endpoint.id === endpointId);
    assert.ok(one.deliveries.succeeded > 0);
    assert.deepEqual(one.deliveries, listed?.deliveries);
    assert.deepEqual(one.lastAttemptAt, listed?.lastAttemptAt);
  });

  test('a rotated secret signs beside the old one for 24 hours; both verify', async () => {
    const rotated = answer(
      await app.request({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpointId}/secret`, as: admin }),
      200,
      rotatedSecret,
    );
    assert.notEqual(rotated.secret, secret);
    assert.ok(Date.parse(rotated.previousSecretValidUntil) > Date.now() + 23 * 3600_000);
    const before = receiver.received.length;
    await app.request({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpointId}/test`, as: admin });
    await receiver.waitFor('a test event after rotation', () => receiver.received.length > before);
    const last = receiver.received.at(-1);
    assert.ok(last);
    assert.equal(String(last.headers['webhook-signature']).split(' ').length, 2);
    for (const key of [rotated.secret, secret]) {
      assert.ok(new Webhook(key).verify(last.body, last.headers as Record<string, string>));
    }
    secret = rotated.secret;
  });

  test('a rolled-back activation emits nothing: the loser of a typed short name sees 409 and no event', async () => {
    const first = await seedSubscription(app, { company: 'Race Co' });
    const second = await seedSubscription(app, { company: 'Race Co' });
    const activate = (token: string) =>
      app.request({
        method: 'POST',
        url: `/api/v1/activations/${token}`,
        payload: activationBody({ companyName: 'Race Co', shortName: 'raceco-typed' }),
      });
    const [a, b] = await Promise.all([activate(first.token), activate(second.token)]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(statuses, [202, 409]);
    const loser = a.statusCode === 409 ? first : second;
    const winner = a.statusCode === 409 ? second : first;
    await receiver.waitFor('the winner provisioned', () =>
      receiver.ofType('organization.provisioned').some((r) => r.json.data.subscriptionId === winner.id),
    );
    const loserEvents = await rows<{ type: string }>(
      app,
      sql`select type from events where subscription_id = ${loser.id} order by seq`,
    );
    assert.deepEqual(
      loserEvents.map((e) => e.type).filter((t) => t.startsWith('organization.')),
      [],
    );
    assert.ok(
      !receiver.received.some(
        (r) => r.json.type.startsWith('organization.') && r.json.data.subscriptionId === loser.id,
      ),
    );
  });

  test('the delivery log keeps what ended for WEBHOOK_RETENTION_DAYS; then the upkeep removes it and its count', async () => {
    await waitFor(
      async () => (await readDeliveries(app, admin, endpointId)).items.every((d) => d.status === 'succeeded'),
      'every delivery so far delivered',
    );
    const before = await readDeliveries(app, admin, endpointId);
    assert.equal(before.retentionDays, 30);
    const endpointOf = async (as: Headers) =>
      answer(
        await app.request({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpointId}`, as }),
        200,
        endpointView,
      );
    const counted = await endpointOf(admin);
    assert.ok(before.items.length > 0 && counted.deliveries.succeeded > 0);

    // A day short of the retention, the minute's upkeep keeps everything.
    // The upkeep also ends the sessions that the moved clock sees expire: each look signs in again.
    const upkeepAfterDays = async (days: number) => {
      app.clock.offsetMs = days * 24 * 3600_000;
      try {
        await maintain(app.ctx);
      } finally {
        app.clock.offsetMs = 0;
      }
      return app.staff(['admin']);
    };
    // A day short of the retention, the minute's upkeep keeps everything.
    const early = await upkeepAfterDays(29);
    assert.equal((await readDeliveries(app, early, endpointId)).items.length, before.items.length);

    const staff = await upkeepAfterDays(31);
    assert.deepEqual((await readDeliveries(app, staff, endpointId)).items, []);
    const after = await endpointOf(staff);
    assert.deepEqual(after.deliveries, { ...counted.deliveries, succeeded: 0, failed: 0 });
    // The last attempt is still the last one made.
    assert.deepEqual(after.lastAttemptAt, counted.lastAttemptAt);
  });
});
