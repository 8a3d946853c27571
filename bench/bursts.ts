/**
 * Bursts as customers make them, measured to what they wait for: an organization ready, setup
 * done, the invitation in the mailbox, the closing emails sent. Each burst sends `count` requests,
 * `concurrency` at a time, each from its own address, and polls the database for completions.
 */
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../src/context.ts';
import { queryRows } from '../src/db/client.ts';
import { argon2Options } from '../src/security/passwords.ts';
import { mintStaffApiToken } from '../src/staff/api-tokens.ts';
import { createStaffUser } from '../src/staff/service.ts';
import { createSubscription } from '../src/subscriptions/service.ts';

const system = { actor: { type: 'system' as const } };
const password = (i: number) => `Burst-Password-${i}!`;

export type BurstResult = {
  label: string;
  count: number;
  acceptedMs: number;
  lastDoneMs: number;
  p50: number;
  p95: number;
  failures: number;
};

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

type Started = { startedAt: Map<string, number>; first: number; acceptedMs: number; failures: number };

/** Sends `count` requests, `concurrency` at a time; remembers when each accepted item started. */
async function send(
  count: number,
  concurrency: number,
  request: (i: number) => Promise<{ ok: boolean; key: string }>,
): Promise<Started> {
  const startedAt = new Map<string, number>();
  let failures = 0;
  let next = 0;
  const first = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const started = Date.now();
        const { ok, key } = await request(i);
        if (ok) startedAt.set(key, started);
        else failures++;
      }
    }),
  );
  return { startedAt, first, acceptedMs: Date.now() - first, failures };
}

/** Waits until each started item is done (`done` reads when, by key) and sums up the waits. */
async function completion(
  label: string,
  count: number,
  started: Started,
  done: () => Promise<Map<string, number>>,
): Promise<BurstResult> {
  const keys = [...started.startedAt.keys()];
  let finished = new Map<string, number>();
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    finished = await done();
    if (keys.every((key) => finished.has(key))) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const waits = keys.map((key) => (finished.get(key) ?? Date.now()) - (started.startedAt.get(key) ?? 0));
  const lastDone = Math.max(...keys.map((key) => finished.get(key) ?? Date.now()));
  return {
    label,
    count,
    acceptedMs: started.acceptedMs,
    lastDoneMs: lastDone - started.first,
    p50: percentile(waits, 0.5),
    p95: percentile(waits, 0.95),
    failures: started.failures + keys.filter((key) => !finished.has(key)).length,
  };
}

async function times(ctx: AppContext, query: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = await queryRows<{ key: string; at: Date | string }>(ctx.db, query);
  return new Map(rows.map((r) => [r.key, new Date(r.at).getTime()]));
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Argon2id hashes per second with the application's parameters, 4 at a time (the libuv pool). */
export async function hashRate(count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 4) {
    await Promise.all(
      Array.from({ length: Math.min(4, count - i) }, (_, j) => hash(password(i + j), argon2Options)),
    );
  }
  return (count / (performance.now() - started)) * 1000;
}

/** The four bursts, in the order a customer meets them, on a fresh set of `count` subscriptions. */
export async function customerBursts(
  ctx: AppContext,
  base: string,
  options: { count: number; concurrency: number; tag: string },
): Promise<BurstResult[]> {
  const { count, concurrency, tag } = options;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { activation } = await createSubscription(
      ctx,
      {
        company: `Burst ${tag} ${i}`,
        contact: { name: 'B', email: `c${i}-${tag}@burst.test` },
        locale: 'en',
        kind: 'trial',
        trialDays: 30,
        products: [{ sku: 'cx-2', quantity: 5 }],
      },
      system,
    );
    tokens.push(activation.url.split('/activate/')[1] ?? '');
  }
  const address = (i: number) => ({ 'x-forwarded-for': `10.${tag.length}.${i >> 8}.${i & 255}` });
  const organizations: string[] = [];
  const activations = await send(count, concurrency, async (i) => {
    const response = await post(
      base,
      `/api/v1/activations/${tokens[i]}`,
      {
        region: 'us-east-1',
        companyName: `Burst ${tag} ${i}`,
        admin: { firstName: 'B', lastName: 'B', email: `a${i}-${tag}@burst.test`, password: password(i) },
        invitations: [{ email: `i${i}-${tag}@burst.test`, role: 'user' }],
        locale: 'en',
      },
      address(i),
    );
    const id = String(response.json.organizationId ?? `failed-${i}`);
    organizations[i] = id;
    return { ok: response.status === 202, key: id };
  });
  const activated = await completion('activation → organization ready', count, activations, () =>
    times(
      ctx,
      sql`select organization_id::text as key, finished_at as at from runs
          where kind = 'provisioning' and state = 'succeeded' and finished_at is not null`,
    ),
  );
  // The invitations go out with provisioning: from each activation request to its email sent.
  const invited = await completion('activation → invitation email sent', count, activations, () =>
    times(
      ctx,
      sql`select organization_id::text as key, sent_at as at from email_outbox
          where template = 'invitation' and sent_at is not null`,
    ),
  );
  const signIns = await send(count, concurrency, async (i) => {
    const response = await post(
      base,
      '/api/v1/sessions',
      { email: `a${i}-${tag}@burst.test`, password: password(i) },
      address(i + count),
    );
    return { ok: response.status === 201, key: organizations[i] ?? '' };
  });
  const signedIn = await completion('first sign-in → setup done', count, signIns, () =>
    times(
      ctx,
      sql`select organization_id::text as key, finished_at as at from runs
          where kind = 'setup' and state = 'succeeded' and finished_at is not null`,
    ),
  );
  const cx = await createStaffUser(
    ctx,
    { email: `cx-${tag}@burst.test`, name: 'Burst CX', password: password(0), roles: ['cx'] },
    system,
  );
  const { token } = await mintStaffApiToken(ctx, cx, { name: 'burst' }, system);
  const signOffs = await send(count, concurrency, async (i) => {
    const response = await post(
      base,
      `/api/v1/organizations/${organizations[i]}/verification`,
      { notes: 'bench', override: true },
      { authorization: `Bearer ${token}`, ...address(i + 2 * count) },
    );
    return { ok: response.status === 200, key: organizations[i] ?? '' };
  });
  const verified = await completion('sign-off → closing emails sent', count, signOffs, () =>
    times(
      ctx,
      sql`select organization_id::text as key, sent_at as at from email_outbox
          where template = 'welcome' and sent_at is not null`,
    ),
  );
  return [activated, invited, signedIn, verified];
}
