import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { answer } from '../../test/helpers/client.ts';
import {
  readDeliveries,
  readEndpoint,
  registerEndpoint,
  seedSubscription,
} from '../../test/helpers/factories.ts';
import { startReceiver } from '../../test/helpers/receiver.ts';
import { rows } from '../../test/helpers/sql.ts';
import { endpointView } from './schemas.ts';

describe('webhooks: endpoints that fail, refuse or hang', () => {
  let app: TestApp;
  let admin: Headers;
  before(async () => {
    app = await startTestApp();
    admin = await app.staff(['admin']);
  });
  after(() => app.close());

  test('410 Gone disables the endpoint; a staff retry after re-enabling delivers', async () => {
    const gone = await startReceiver(() => ({ status: 410, body: 'gone' }));
    try {
      const endpoint = await registerEndpoint(app, admin, gone.url, ['subscription.created']);
      await seedSubscription(app, { company: 'Gone Co' });
      await waitFor(async () => {
        const view = await readEndpoint(app, admin, endpoint.id);
        return view.enabled === false && view.disabledReason === 'gone';
      }, 'the endpoint disabled after 410');
      const page = await readDeliveries(app, admin, endpoint.id);
      const failed = page.items.find((d) => d.status === 'failed');
      assert.ok(failed);
      assert.equal(failed.responseStatus, 410);
      assert.equal(failed.attempts, 1, '410 is not retried');
      assert.deepEqual((await readEndpoint(app, admin, endpoint.id)).deliveries, {
        pending: 0,
        succeeded: 0,
        failed: 1,
      });

      gone.respondWith(() => ({ status: 204 }));
      const enabled = await app.request({
        method: 'PATCH',
        url: `/api/v1/webhook-endpoints/${endpoint.id}`,
        payload: { enabled: true },
        as: admin,
      });
      assert.equal(answer(enabled, 200, endpointView).enabled, true);
      const retried = await app.request({
        method: 'POST',
        url: `/api/v1/webhook-deliveries/${failed.id}/retry`,
        as: admin,
      });
      assert.equal(retried.statusCode, 202, retried.body);
      await waitFor(async () => {
        const after = await readDeliveries(app, admin, endpoint.id);
        return after.items.find((d) => d.id === failed.id)?.status === 'succeeded';
      }, 'the retried delivery to succeed');
      // Sent again, it counts where it now stands.
      assert.deepEqual((await readEndpoint(app, admin, endpoint.id)).deliveries, {
        pending: 0,
        succeeded: 1,
        failed: 0,
      });
    } finally {
      await gone.close();
    }
  });

  test('an endpoint failing everything for five days is disabled and says so', async () => {
    const down = await startReceiver(() => ({ status: 500 }));
    try {
      const endpoint = await registerEndpoint(app, admin, down.url, ['subscription.created']);
      await app.ctx.db.execute(
        sql`update webhook_endpoints set failing_since = now() - interval '5 days 1 minute' where id = ${endpoint.id}`,
      );
      await seedSubscription(app, { company: 'Down Co' });
      await waitFor(async () => {
        const view = await readEndpoint(app, admin, endpoint.id);
        return view.disabledReason === 'failing';
      }, 'the endpoint disabled after five days of failures');
      const audit = await rows<{ action: string }>(
        app,
        sql`select action from audit_events where action = 'webhook_endpoint.disabled' and data->>'endpointId' = ${endpoint.id}`,
      );
      assert.equal(audit.length, 1);
    } finally {
      await down.close();
    }
  });

  test('a hanging endpoint never delays another endpoint', async () => {
    const stuck = await startReceiver(() => 'hang');
    const quick = await startReceiver();
    try {
      await registerEndpoint(app, admin, stuck.url, ['subscription.created']);
      await registerEndpoint(app, admin, quick.url, ['subscription.created']);
      const companies = Array.from({ length: 8 }, (_, i) => `Parallel ${i}`);
      for (const company of companies) await seedSubscription(app, { company });
      await quick.waitFor('every event at the quick endpoint', (all) =>
        companies.every((c) => all.some((r) => r.json.data.company === c)),
      );
      assert.ok(stuck.hanging.size > 0, 'the stuck endpoint is still holding its requests');
    } finally {
      await stuck.close();
      await quick.close();
    }
  });
});
