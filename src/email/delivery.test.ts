import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { cleanUpAfterSuite } from '../../test/helpers/cleanup.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';
import { freePort } from '../../test/helpers/processes.ts';
import { startSmtpServer } from '../../test/helpers/smtp.ts';
import { rows } from '../../test/helpers/sql.ts';
import { resumeEmails } from './delivery.ts';
import { queueEmail } from './outbox.ts';

async function createSubscriptions(app: TestApp, count: number, overrides: Record<string, unknown> = {}) {
  const sales = await app.staff(['sales']);
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const body = subscriptionBody(overrides);
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: body,
      as: sales,
    });
    assert.equal(response.statusCode, 201, response.body);
    bodies.push({ ...body, id: response.json().id as string });
  }
  return { sales, bodies };
}

describe('email delivery over SMTP', () => {
  const cleanup = cleanUpAfterSuite();

  test('a relay that refuses at first: each message is retried and delivered exactly once', async () => {
    const smtp = await startSmtpServer();
    cleanup.push(smtp.close);
    smtp.refuse(4);
    const app = await startTestApp({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Onramp <onramp@onramp.test>' } });
    cleanup.push(app.close);
    const { sales, bodies } = await createSubscriptions(app, 3);

    await waitFor(() => smtp.received.length >= 3, 'three delivered messages', 30_000);
    // Give any duplicate a chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(smtp.received.length, 3);
    assert.deepEqual(smtp.received.map((m) => m.to[0]).sort(), bodies.map((b) => b.contact.email).sort());
    assert.ok(smtp.attempts >= 7, 'the refused attempts really happened');

    const outbox = await rows<{ status: string; attempts: number; last_error: string | null }>(
      app,
      sql`select status, attempts, last_error from email_outbox`,
    );
    assert.ok(outbox.every((m) => m.status === 'sent' && m.last_error === null));
    assert.equal(
      outbox.reduce((sum, m) => sum + m.attempts, 0),
      7,
    );
    const detail = (
      await app.request({ method: 'GET', url: `/api/v1/subscriptions/${bodies[0]?.id}`, as: sales })
    ).json();
    assert.equal(detail.emails[0].status, 'sent');

    const mail = smtp.received[0]?.parsed;
    assert.ok(mail);
    assert.equal(mail.subject, 'Activate your Onramp features');
    assert.equal(mail.from?.value[0]?.address, 'onramp@onramp.test');
    assert.ok(mail.text?.includes('/activate/'));
    assert.ok(typeof mail.html === 'string' && mail.html.includes('/activate/'));
    assert.match(mail.messageId ?? '', /^<[0-9a-f-]{36}@onramp\.test>$/);
  });

  test('an SMTP outage delays mail, shows the failure, and loses nothing', async () => {
    const port = await freePort();
    const app = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    cleanup.push(app.close);
    const { sales, bodies } = await createSubscriptions(app, 2);
    const id = bodies[0]?.id;

    let detail: { emails: { status: string; lastError: string | null; attempts: number }[] } | undefined;
    await waitFor(
      async () => {
        detail = (await app.request({ method: 'GET', url: `/api/v1/subscriptions/${id}`, as: sales })).json();
        return detail?.emails[0]?.status === 'failed' && (detail.emails[0].attempts ?? 0) >= 2;
      },
      'the failure to be recorded',
      20_000,
    );
    assert.match(detail?.emails[0]?.lastError ?? '', /ECONNREFUSED|connect/i);

    const smtp = await startSmtpServer({ port });
    cleanup.push(smtp.close);
    await waitFor(() => smtp.received.length >= 2, 'both messages after the outage', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(smtp.received.length, 2);
    const outbox = await rows<{ status: string }>(app, sql`select status from email_outbox`);
    assert.deepEqual(
      outbox.map((m) => m.status),
      ['sent', 'sent'],
    );
  });

  test('company names cannot inject headers or markup', async () => {
    const smtp = await startSmtpServer();
    cleanup.push(smtp.close);
    const app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    cleanup.push(app.close);
    const sales = await app.staff(['sales']);
    const injected = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody({ company: 'Evil\r\nBcc: victim@x.test' }),
      as: sales,
    });
    assert.equal(injected.statusCode, 400, 'line breaks are refused outright');

    const body = subscriptionBody({
      company: '<script>alert(1)</script> & "Sons"',
      contact: { name: '<b>Mallory</b>', email: 'mallory@customer.test' },
    });
    assert.equal(
      (await app.request({ method: 'POST', url: '/api/v1/subscriptions', payload: body, as: sales }))
        .statusCode,
      201,
    );
    await waitFor(() => smtp.received.length >= 1, 'the message');
    const mail = smtp.received[0];
    assert.ok(mail);
    assert.deepEqual(mail.to, ['mallory@customer.test']);
    assert.equal(mail.parsed.headers.has('bcc'), false);
    const html = String(mail.parsed.html);
    assert.equal(html.includes('<script>'), false);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;'));
    assert.ok(html.includes('&lt;b&gt;Mallory&lt;/b&gt;'));
    assert.ok(
      mail.parsed.text?.includes('<script>alert(1)</script> & "Sons"'),
      'plain text keeps the name as typed',
    );
  });

  test('after the last retry a message is undeliverable, and an email waiting to follow it goes anyway', async () => {
    const port = await freePort();
    const app = await startTestApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}` },
      emailPolicy: { maxAttempts: 2 },
    });
    cleanup.push(app.close);
    const ids = await app.ctx.db.transaction(async (tx) => {
      const content = { subject: 'First', text: 'first', html: '<p>first</p>' };
      const first = await queueEmail(tx, app.ctx, {
        eventKey: 'test:first',
        template: 'test',
        locale: 'en',
        to: 'order@customer.test',
        content,
      });
      const second = await queueEmail(tx, app.ctx, {
        eventKey: 'test:second',
        template: 'test',
        locale: 'en',
        to: 'order@customer.test',
        content: { ...content, subject: 'Second' },
        after: first,
      });
      return { first, second };
    });
    await waitFor(
      async () => {
        const statuses = await rows<{ id: string; status: string; attempts: number }>(
          app,
          sql`select id, status, attempts from email_outbox`,
        );
        return (
          statuses.find((r) => r.id === ids.first)?.status === 'undeliverable' &&
          (statuses.find((r) => r.id === ids.second)?.attempts ?? 0) > 0
        );
      },
      'the first to be given up and the second released',
      20_000,
    );
    const second = await rows<{ attempts: number }>(
      app,
      sql`select attempts from email_outbox where id = ${ids.second}`,
    );
    assert.ok((second[0]?.attempts ?? 0) >= 1, 'the follower was released and attempted');
  });
});

describe('the outbox dispatcher', () => {
  test('a burst queued at once goes out once each, shared by two processes, with its sent events and followers', async () => {
    const first = await startTestApp();
    // A second process on the same database.
    const second = await startTestApp({
      database: { database: first.ctx.database, url: undefined, drop: async () => {} },
    });
    try {
      const content = { subject: 'Burst', text: 'burst', html: '<p>burst</p>' };
      await first.ctx.db.transaction(async (tx) => {
        for (let i = 0; i < 60; i++) {
          const id = await queueEmail(tx, first.ctx, {
            eventKey: `test:burst:${i}`,
            template: 'test',
            locale: 'en',
            to: `burst-${i}@customer.test`,
            content,
            sentEvent: {
              type: 'activation.email_sent',
              subscriptionId: null,
              organizationId: null,
              data: { i },
            },
          });
          // Every tenth has a follower, released by the statement that marks it sent.
          if (i % 10 === 0) {
            await queueEmail(tx, first.ctx, {
              eventKey: `test:burst:${i}:follower`,
              template: 'test',
              locale: 'en',
              to: `burst-${i}@customer.test`,
              content: { ...content, subject: 'Follower' },
              after: id,
            });
          }
        }
      });
      // Both look: they claim different messages (SKIP LOCKED), and none twice.
      second.ctx.emails.wake();
      await waitFor(
        async () =>
          (
            await rows<{ n: number }>(
              first,
              sql`select count(*)::int as n from email_outbox where status = 'sent'`,
            )
          )[0]?.n === 66,
        'sixty-six messages sent',
        20_000,
      );
      const outbox = await rows<{ attempts: number; due_at: Date | null }>(
        first,
        sql`select attempts, due_at from email_outbox`,
      );
      assert.ok(
        outbox.every((m) => m.attempts === 1 && m.due_at === null),
        'each claimed once, nothing left due',
      );
      const mailbox = await first.mailbox();
      assert.equal(mailbox.length, 66);
      const followers = await rows<{ ordered: boolean }>(
        first,
        sql`select f.sent_at >= p.sent_at as ordered from email_outbox f join email_outbox p on p.id = f.after_id`,
      );
      assert.equal(followers.length, 6);
      assert.ok(
        followers.every((f) => f.ordered),
        'each follower sent after the one it follows',
      );
      const events = await rows<{ n: number }>(
        first,
        sql`select count(*)::int as n from events where type = 'activation.email_sent'`,
      );
      assert.equal(events[0]?.n, 60, 'one sent event per message');
    } finally {
      await second.close();
      await first.close();
    }
  });

  test('a follower stranded by a predecessor that settled meanwhile goes out at the next sweep', async () => {
    const app = await startTestApp();
    try {
      const content = { subject: 'Late', text: 'late', html: '<p>late</p>' };
      const predecessor = await queueEmail(app.ctx.db, app.ctx, {
        eventKey: 'test:predecessor',
        template: 'test',
        locale: 'en',
        to: 'order@customer.test',
        content,
      });
      await waitFor(
        async () => (await app.mailbox('order@customer.test')).length === 1,
        'the predecessor sent',
      );
      // As if queued while the predecessor was settling: waiting, though nothing will release it.
      await app.ctx.db.execute(
        sql`insert into email_outbox (event_key, template, locale, to_address, subject, text_body, html_body, after_id)
            values ('test:stranded', 'test', 'en', 'order@customer.test', 'Stranded', 's', '<p>s</p>', ${predecessor})`,
      );
      await resumeEmails(app.ctx, app.ctx.emails);
      await waitFor(async () => (await app.mailbox('order@customer.test')).length === 2, 'the follower sent');
    } finally {
      await app.close();
    }
  });
});
