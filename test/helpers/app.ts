import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { defaultEmailPolicy, type EmailPolicy } from '../../src/email/delivery.ts';
import { mailboxMessages } from '../../src/email/schemas.ts';
import type { DeliveryPolicy } from '../../src/events/catalog.ts';
import type { Answer } from '../../src/http/wire.ts';
import { createLogger } from '../../src/logging.ts';
import { defaultRunPolicy, type RunPolicy } from '../../src/runs/definitions.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import type { StaffRole } from '../../src/security/access.ts';
import { createStaffUser } from '../../src/staff/service.ts';
import { answer } from './client.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';

export type TestAppOptions = {
  env?: Record<string, string>;
  /** Serve the built web app (browser tests). */
  webDir?: string;
  workers?: boolean;
  /** How many runs the app works at once right after starting them (the runtime's default otherwise). */
  eagerRuns?: number;
  /** Shift the app's clock, e.g. 31 days ahead to expire links. */
  clock?: { offsetMs: number };
  database?: TestDatabase;
  /** Receives every log line (JSON), e.g. to find a reference in the logs. */
  logLines?: string[];
  /** Fault injection for background runs (fast retries by default). */
  runPolicy?: Partial<RunPolicy>;
  /** Webhook retry delays (fast by default). */
  deliveryPolicy?: DeliveryPolicy;
  /** Email retries (a second apart by default). */
  emailPolicy?: Partial<EmailPolicy>;
  /** Job queue options for every queue (tests shorten retries). */
  queueOverrides?: Record<string, unknown>;
};

export type Headers = Record<string, string>;

export type TestApp = {
  ctx: AppContext;
  config: Config;
  runtime: Runtime;
  clock: { offsetMs: number };
  request(options: InjectOptions & { as?: Headers }): Promise<LightMyRequestResponse>;
  /** Signs in a new staff member with these roles; returns headers that act as them. */
  staff(roles?: StaffRole[]): Promise<Headers & { email: string }>;
  mailbox(to?: string): Promise<MailboxItem[]>;
  waitForMail(to: string, subject: string | RegExp, count?: number): Promise<MailboxItem[]>;
  /** Serves on 127.0.0.1 (a free port unless given); returns the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
};

export type MailboxItem = Answer<typeof mailboxMessages>[number];

export const testPassword = 'Correct-Horse-9';
let staffCounter = 0;

/** Boots the real app on a fresh database (in-memory PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = options.database ?? (await freshDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    PUBLIC_URL: 'http://onramp.test',
    LOG_LEVEL: 'silent',
    ONRAMP_DEMO: '0',
    DATA_DIR: '/nonexistent-test-data',
    ...options.env,
  });
  const clock = options.clock ?? { offsetMs: 0 };
  const runtime = await startRuntime(config, {
    database: testDatabase.database,
    logger: options.logLines
      ? createLogger('info', { write: (line: string) => options.logLines?.push(line) })
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    webDir: options.webDir,
    workers: options.workers,
    ...(options.eagerRuns !== undefined ? { eagerRuns: options.eagerRuns } : {}),
    now: () => new Date(Date.now() + clock.offsetMs),
    jobs: {
      pollingIntervalSeconds: 0.5,
      queueOverrides: { retryDelay: 1, retryBackoff: false, ...options.queueOverrides },
    },
    runPolicy: { ...defaultRunPolicy, retryDelayMs: () => 0, ...options.runPolicy },
    deliveryPolicy: options.deliveryPolicy ?? { retryDelayMs: () => 1000 },
    emailPolicy: { ...defaultEmailPolicy, retryDelayMs: () => 1000, ...options.emailPolicy },
  }).catch(async (error: unknown) => {
    if (!options.database) await testDatabase.drop().catch(() => {});
    throw error;
  });
  const { app, ctx } = runtime;

  // Each request comes from its own client address unless a test pins one: rate limits are per
  // address, and only the tests about them should meet them.
  let client = 0;
  const request: TestApp['request'] = async ({ as, headers, ...rest }) => {
    client++;
    return app.inject({
      remoteAddress: `10.${200 + ((client >> 16) % 50)}.${(client >> 8) % 256}.${client % 256}`,
      ...rest,
      headers: { ...as, ...(headers as Headers | undefined) },
    });
  };

  const testApp: TestApp = {
    ctx,
    config,
    runtime,
    clock,
    request,
    async staff(roles = ['admin']) {
      const email = `staff${++staffCounter}-${roles.join('-')}@onramp.test`;
      await createStaffUser(
        ctx,
        { email, name: `Staff ${staffCounter}`, password: testPassword, roles },
        {
          actor: { type: 'system' },
        },
      );
      const response = await request({
        method: 'POST',
        url: '/api/v1/staff/sessions',
        payload: { email, password: testPassword },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { ...sessionHeaders(response, 'onramp_staff', 'onramp_staff_csrf'), email };
    },
    async mailbox(to) {
      const response = await request({
        method: 'GET',
        url: `/api/v1/dev/mailbox${to ? `?to=${encodeURIComponent(to)}` : ''}`,
      });
      return answer(response, 200, mailboxMessages);
    },
    async waitForMail(to, subject, count = 1) {
      let found: MailboxItem[] = [];
      await waitFor(async () => {
        // With a real SMTP server there is no local mailbox: what the outbox sent is what arrived.
        const delivered = config.smtpUrl ? await sentFromOutbox(ctx, to) : await testApp.mailbox(to);
        found = delivered.filter((m) =>
          typeof subject === 'string' ? m.subject === subject : subject.test(m.subject),
        );
        return found.length >= count;
      }, `${count} mail(s) "${subject}" to ${to}`);
      return found;
    },
    async listen(port = 0) {
      return app.listen({ port, host: '127.0.0.1' });
    },
    async close() {
      try {
        await runtime.close();
      } finally {
        // Dropped even when closing failed (a test that broke the database on purpose).
        if (!options.database) await testDatabase.drop();
      }
    },
  };
  return testApp;
}

async function sentFromOutbox(ctx: AppContext, to: string): Promise<MailboxItem[]> {
  const result = (await ctx.db.execute(
    sql`select id, to_address, subject, text_body, html_body, sent_at from email_outbox
        where lower(to_address) = lower(${to}) and status = 'sent' order by sent_at desc, id desc`,
  )) as unknown as {
    rows: {
      id: string;
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string;
      sent_at: Date;
    }[];
  };
  return result.rows.map((r, i) => ({
    id: i,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    sentAt: new Date(r.sent_at).toISOString(),
  }));
}

/** Cookie and CSRF headers from a sign-in response, for acting as that session. */
export function sessionHeaders(
  response: LightMyRequestResponse,
  sessionCookie: string,
  csrfCookie: string,
): Headers {
  const cookies = response.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === sessionCookie)?.value;
  const csrf = cookies.find((c) => c.name === csrfCookie)?.value;
  assert.ok(session && csrf, 'sign-in sets the session and CSRF cookies');
  return { cookie: `${sessionCookie}=${session}; ${csrfCookie}=${csrf}`, 'x-csrf-token': csrf };
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The activation link inside an activation email's text. */
export function activationTokenFrom(mail: { text: string }): string {
  const match = /\/activate\/([A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(match?.[1], 'the email carries an activation link');
  return match[1];
}
