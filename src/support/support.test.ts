import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { answer } from '../../test/helpers/client.ts';
import {
  adminPassword,
  seedActivation,
  seedOrganization,
  seedSubscription,
} from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { csvCell } from '../audit/export.ts';
import { organizationDetailSchema, organizationSearchResults } from './schemas.ts';

describe('support: one organization, search, audit', () => {
  let app: TestApp;
  let support: Headers;
  let org: Awaited<ReturnType<typeof seedOrganization>>;
  before(async () => {
    app = await startTestApp();
    support = await app.staff(['support']);
    org = await seedOrganization(app, {
      subscription: {
        company: '=Quote "Co", Ltd',
        contact: { name: 'Cara Contact', email: 'cara@quote.test' },
      },
      activation: {
        companyName: 'Quote Co',
        region: 'eu-west-2',
        invitations: [{ email: 'ivan@quote.test', role: 'user' }],
      },
    });
    await waitFor(
      async () =>
        (
          await rows(
            app,
            sql`select 1 from verification_checks where organization_id = ${org.organizationId}`,
          )
        ).length === 5,
      'checks',
    );
  });
  after(() => app.close());

  const get = (url: string, as: Headers = support) => app.request({ method: 'GET', url, as });

  test('the organization page has its subscription, steps, checks, emails, people, audit trail and timeline', async () => {
    const detail = answer(
      await get(`/api/v1/organizations/${org.organizationId}`),
      200,
      organizationDetailSchema,
    );
    assert.equal(detail.organization.shortName, 'quoteco');
    assert.equal(detail.organization.region, 'eu-west-2');
    assert.equal(detail.subscription.contact.email, 'cara@quote.test');
    assert.equal(detail.runs.provisioning?.state, 'succeeded');
    assert.deepEqual(
      detail.runs.setup?.steps.map((s) => [s.key, s.status]),
      [
        ['features', 'done'],
        ['billing', 'done'],
        ['finish', 'done'],
      ],
    );
    assert.equal(detail.checks.length, 5);
    assert.deepEqual(detail.emails.map((e) => e.template).sort(), ['activation', 'invitation']);
    assert.ok(detail.emails.every((e) => e.status === 'sent'));
    assert.equal(detail.people.members.length, 1);
    assert.equal(detail.people.invitations[0]?.email, 'ivan@quote.test');
    const actions = detail.audit.map((e) => e.action);
    for (const expected of [
      'subscription.created',
      'subscription.activated',
      'organization.created',
      'organization.activated',
      'customer.signed_in',
      'setup.started',
      'setup.succeeded',
      'verification.checks_run',
    ]) {
      assert.ok(actions.includes(expected), `${expected} in the audit trail`);
    }
    const times = detail.timeline.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'the timeline is in order',
    );
    const labels = detail.timeline.map((e) => e.label);
    assert.ok(labels.includes('email.activation.sent'));
    assert.ok(labels.includes('provisioning.invitations.done'));
    assert.ok(labels.indexOf('subscription.created') < labels.indexOf('setup.succeeded'));
  });

  test('search finds it by Organization ID, subscription ID, short name (with region), company, and emails', async () => {
    const detail = answer(
      await get(`/api/v1/organizations/${org.organizationId}`),
      200,
      organizationDetailSchema,
    );
    // Same short name in another region, to tell them apart by region.
    const twin = await seedActivation(app, { activation: { companyName: 'Quote Co', region: 'us-west-2' } });
    const find = async (q: string, region?: string) =>
      answer(
        await get(`/api/v1/organizations?q=${encodeURIComponent(q)}${region ? `&region=${region}` : ''}`),
        200,
        organizationSearchResults,
      ).items.map((o) => o.id);
    assert.deepEqual(await find(org.organizationId), [org.organizationId]);
    assert.deepEqual(await find(detail.subscription.id), [org.organizationId]);
    assert.deepEqual((await find('QUOTECO')).sort(), [org.organizationId, twin.organizationId].sort());
    assert.deepEqual(await find('quoteco', 'eu-west-2'), [org.organizationId]);
    assert.ok((await find('uote c')).includes(org.organizationId), 'part of the company name');
    assert.deepEqual(await find(org.adminEmail.toUpperCase()), [org.organizationId], 'the admin email');
    assert.deepEqual(await find('cara@quote.test'), [org.organizationId], 'the subscription contact');
    assert.deepEqual(await find('nothing-like-this'), []);
    assert.equal((await get('/api/v1/organizations?q=')).statusCode, 400);
  });

  test('the audit trail exports as JSON Lines and as CSV that spreadsheets cannot misread', async () => {
    const jsonl = await get(`/api/v1/organizations/${org.organizationId}/audit?format=jsonl`);
    assert.equal(jsonl.statusCode, 200);
    assert.match(jsonl.headers['content-type'] as string, /application\/x-ndjson/);
    assert.match(
      jsonl.headers['content-disposition'] as string,
      /attachment; filename="onramp-audit-quoteco-[0-9a-f]{8}\.jsonl"/,
    );
    const events = jsonl.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const detail = (await get(`/api/v1/organizations/${org.organizationId}`)).json();
    assert.equal(events.length, detail.audit.length);
    assert.equal(events[0].action, 'subscription.created');

    const csv = await get(`/api/v1/organizations/${org.organizationId}/audit?format=csv`);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'id,occurredAt,actorType,actorId,actorEmail,action,requestId,data');
    assert.ok(lines.length >= events.length + 1);
    // The data cell is JSON (with its own \" escapes) inside a CSV cell (quotes doubled).
    assert.ok(csv.body.includes('=Quote \\""Co\\"", Ltd'), 'quotes inside data are doubled');
  });

  test('CSV cells are quoted when needed and never start a formula', () => {
    const cases: [unknown, string][] = [
      ['plain', 'plain'],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['line\nbreak', '"line\nbreak"'],
      ['=SUM(A1)', "'=SUM(A1)"],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@cmd', "'@cmd"],
      [null, ''],
      [42, '42'],
      [{ a: 1 }, '"{""a"":1}"'],
      [new Date('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000Z'],
    ];
    for (const [value, expected] of cases) assert.equal(csvCell(value), expected, JSON.stringify(value));
  });

  test('export needs the audit permission; a sales rep has none', async () => {
    const sales = await app.staff(['sales']);
    assert.equal((await get(`/api/v1/organizations/${org.organizationId}/audit`, sales)).statusCode, 403);
  });
});

describe('support: cancelling subscriptions and re-sending email', () => {
  let app: TestApp;
  let sales: Headers;
  before(async () => {
    app = await startTestApp();
    sales = await app.staff(['sales']);
  });
  after(() => app.close());

  test('a subscription not yet activated can be cancelled; its link then says so', async () => {
    const seeded = await seedSubscription(app);
    const cancel = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/cancellation`,
      payload: { reason: 'Customer changed their mind' },
      as: sales,
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal(cancel.json().status, 'cancelled');
    const link = await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}` });
    assert.equal(link.json().error.code, 'ACTIVATION_LINK_CANCELLED');
    const again = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${seeded.id}/cancellation`,
      as: sales,
    });
    assert.equal(again.statusCode, 200, 'cancelling twice is harmless');
    const [audit] = await rows<{ data: Record<string, unknown> }>(
      app,
      sql`select data from audit_events where subscription_id = ${seeded.id} and action = 'subscription.cancelled'`,
    );
    assert.equal(audit?.data.reason, 'Customer changed their mind');
    const detail = await app.request({ method: 'GET', url: `/api/v1/subscriptions/${seeded.id}`, as: sales });
    const cancellation = detail.json().cancellation;
    assert.equal(cancellation.reason, 'Customer changed their mind');
    assert.equal(cancellation.by.email, sales.email, 'who cancelled it');
    assert.ok(Date.parse(cancellation.at) > 0, 'and when');
    assert.equal(
      (
        await app.request({
          method: 'POST',
          url: `/api/v1/subscriptions/${seeded.id}/activation-email`,
          as: sales,
        })
      ).statusCode,
      409,
    );
  });

  test('an activated subscription cannot be cancelled', async () => {
    const activated = await seedActivation(app);
    const [row] = await rows<{ subscription_id: string }>(
      app,
      sql`select subscription_id from organizations where id = ${activated.organizationId}`,
    );
    const cancel = await app.request({
      method: 'POST',
      url: `/api/v1/subscriptions/${row?.subscription_id}/cancellation`,
      as: sales,
    });
    assert.equal(cancel.statusCode, 409);
    assert.equal(cancel.json().error.code, 'SUBSCRIPTION_NOT_PENDING');
  });

  test('cancellation and activation racing: exactly one wins', async () => {
    const seeded = await seedSubscription(app);
    const [cancel, activate] = await Promise.all([
      app.request({ method: 'POST', url: `/api/v1/subscriptions/${seeded.id}/cancellation`, as: sales }),
      app.request({
        method: 'POST',
        url: `/api/v1/activations/${seeded.token}`,
        payload: {
          region: 'us-east-1',
          companyName: 'Racer',
          admin: { firstName: 'R', lastName: 'R', email: 'racer@customer.test', password: adminPassword },
          invitations: [],
          locale: 'en',
        },
      }),
    ]);
    const outcomes = [cancel.statusCode, activate.statusCode].sort();
    assert.ok(
      JSON.stringify(outcomes) === JSON.stringify([200, 410]) ||
        JSON.stringify(outcomes) === JSON.stringify([202, 409]),
      `one wins: cancel ${cancel.statusCode}, activate ${activate.statusCode}`,
    );
    const [state] = await rows<{ status: string; organizations: number }>(
      app,
      sql`select status, (select count(*)::int from organizations where subscription_id = ${seeded.id}) as organizations from subscriptions where id = ${seeded.id}`,
    );
    assert.ok(
      (state?.status === 'cancelled' && state.organizations === 0) ||
        (state?.status === 'activated' && state.organizations === 1),
    );
  });

  test('CX re-sends an email from the outbox as a new copy', async () => {
    const seeded = await seedSubscription(app);
    const cx = await app.staff(['cx']);
    const [original] = await rows<{ id: string }>(
      app,
      sql`select id from email_outbox where subscription_id = ${seeded.id}`,
    );
    const resent = await app.request({
      method: 'POST',
      url: `/api/v1/emails/${original?.id}/resend`,
      as: cx,
    });
    assert.equal(resent.statusCode, 202, resent.body);
    await app.waitForMail(seeded.contactEmail, 'Activate your Onramp features', 2);
    const mails = await app.mailbox(seeded.contactEmail);
    assert.equal(mails[0]?.text, mails[1]?.text, 'the same content');
    assert.equal(
      (
        await app.request({
          method: 'POST',
          url: '/api/v1/emails/00000000-0000-4000-8000-000000000000/resend',
          as: cx,
        })
      ).json().error.code,
      'EMAIL_NOT_FOUND',
    );
    assert.equal(
      (await app.request({ method: 'POST', url: `/api/v1/emails/${original?.id}/resend`, as: sales }))
        .statusCode,
      403,
    );
  });
});
