/**
 * Bursts as customers make them, measured to what they wait for: an organization ready, setup
 * done, the invitation in the mailbox, the closing emails sent. Each burst sends `count` requests,
 * `concurrency` at a time, each from its own address, and polls the database for completions.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../src/context.ts';
import { queryRows } from '../src/db/client.ts';
import { argon2Options } from '../src/security/passwords.ts';
import { mintStaffApiToken } from '../src/staff/api-tokens.ts';
import { createStaffUser } from '../src/staff/service.ts';
import { createSubscription } from '../src/subscriptions/service.ts';
import type { BurstAnswer, BurstRequest, BurstSent } from './burst-worker.ts';
import { cpuReadable, threadCpuMs } from './cpu.ts';
import { percentile } from './load.ts';

const system = { actor: { type: 'system' as const } };
const password = (i: number) => `Burst-Password-${i}!`;

export type BurstResult = {
  label: string;
  /** The hash rate measured right before this burst and right after it (and what it set off). */
  hashing?: { before: HashRate; after: HashRate };
  /** CPU time per item, by the parts `cpu` reads, from the burst's start until all it set off is done. */
  cpu?: Record<string, number>;
  count: number;
  acceptedMs: number;
  lastDoneMs: number;
  p50: number;
  p95: number;
  failures: number;
};

type Started = {
  startedAt: Map<string, number>;
  first: number;
  acceptedMs: number;
  failures: number;
  /** The load generator's CPU time for the burst. */
  generatorCpuMs: number;
};

/** Sends the requests from a worker thread, `concurrency` at a time, and answers them in order. */
function sendFromWorker(bases: string[], requests: BurstRequest[], concurrency: number): Promise<BurstSent> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./burst-worker.ts', import.meta.url), {
      workerData: { bases, requests, concurrency },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/**
 * Sends a burst; remembers when each accepted item (`key` of its answer, or undefined) started.
 * The burst's time runs from its first request sent, not from the generator's start.
 */
async function send(
  base: string | string[],
  requests: BurstRequest[],
  concurrency: number,
  accepted: (answer: BurstAnswer, i: number) => string | undefined,
): Promise<Started> {
  const { answers, cpuMs } = await sendFromWorker(
    typeof base === 'string' ? [base] : base,
    requests,
    concurrency,
  );
  const first = Math.min(...answers.map((answer) => answer.startedAt));
  const acceptedMs = Math.max(...answers.map((answer) => answer.answeredAt)) - first;
  const startedAt = new Map<string, number>();
  let failures = 0;
  answers.forEach((answer, i) => {
    const key = accepted(answer, i);
    if (key) startedAt.set(key, answer.startedAt);
    else failures++;
  });
  return { startedAt, first, acceptedMs, failures, generatorCpuMs: cpuMs };
}

/**
 * Waits until each started item is done and sums up the waits. Completion times come from the
 * database (`done` reads them by key), so polling a cheap count now and then loses no precision.
 */
async function completion(
  ctx: AppContext,
  label: string,
  count: number,
  started: Started,
  done: { count: ReturnType<typeof sql>; times: ReturnType<typeof sql> },
): Promise<BurstResult> {
  const keys = [...started.startedAt.keys()];
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const [row] = await queryRows<{ n: number | string }>(ctx.db, done.count);
    if (Number(row?.n ?? 0) >= keys.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const finished = await times(ctx, done.times);
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

/**
 * Waits until the background work set off so far (runs, emails) is done: each measure starts on
 * a quiet service, not while the emails of the subscriptions made for it are still going out.
 */
export async function settle(ctx: AppContext) {
  for (let i = 0; i < 600; i++) {
    const [busy] = await queryRows<{ n: number }>(
      ctx.db,
      sql`select (select count(*) from runs where state = 'running') + (select count(*) from email_outbox where status in ('queued', 'sending')) as n`,
    );
    if (Number(busy?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Argon2id hashes per second with the application's parameters, `width` in flight all along (a
 * new one as soon as one finishes, no pause between batches).
 */
async function hashesPerSecond(count: number, width: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) await hash(password(i), argon2Options);
  };
  await Promise.all(Array.from({ length: width }, lane));
  return (count / (performance.now() - started)) * 1000;
}

/** What each part used between two readings, per item. */
function perItem(before: Record<string, number>, after: Record<string, number>, count: number) {
  return Object.fromEntries(
    Object.entries(after).map(([part, ms]) => [part, (ms - (before[part] ?? 0)) / count]),
  );
}

/** Hashes per second; `cpuMs`: CPU time per hash of libuv's pool, over every width (NaN without /proc). */
export type HashRate = { best: number; byWidth: Map<number, number>; cpuMs: number };

/**
 * The machine's Argon2id hash rate with the application's parameters, on libuv's pool as the
 * application has it (a thread per core, src/threadpool.ts): the best of as many in flight as
 * cores, and of four (two waiting in the pool's queue on two cores, as the application hands it
 * one more than its threads).
 */
export async function hashRate(count: number): Promise<HashRate> {
  const byWidth = new Map<number, number>();
  const hashingCpu = () => (cpuReadable ? threadCpuMs().hashing : Number.NaN);
  const before = hashingCpu();
  for (const width of new Set([availableParallelism(), 4]))
    byWidth.set(width, await hashesPerSecond(count, width));
  const cpuMs = (hashingCpu() - before) / (count * byWidth.size);
  return { best: Math.max(...byWidth.values()), byWidth, cpuMs };
}

/**
 * The four bursts, in the order a customer meets them, on a fresh set of `count` subscriptions
 * (only the first with `activationOnly`); with several bases, each request goes to the one with
 * the fewest in flight.
 */
export async function customerBursts(
  ctx: AppContext,
  base: string | string[],
  options: {
    count: number;
    concurrency: number;
    tag: string;
    activationOnly?: boolean;
    /** Called as each burst starts, once the service is quiet (a probe reads CPU times). */
    onBurst?: (label: string) => void;
    /**
     * The baseline for the activation burst: measured on the quiet service right before it, and
     * right after it and its invitation emails are done (the machine's pace drifts).
     */
    hashBaseline?: () => Promise<HashRate>;
    /**
     * CPU times so far by part (milliseconds): read as the activation burst starts and once all
     * it set off (runs, emails) is done; the difference per organization is the burst's `cpu`.
     */
    cpu?: () => Record<string, number>;
  },
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
  const organizations: (string | undefined)[] = [];
  const each = <T>(make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));
  await settle(ctx);
  const hashedBefore = await options.hashBaseline?.();
  options.onBurst?.('activations');
  const cpuBefore = options.cpu?.();
  const activations = await send(
    base,
    each((i) => ({
      path: `/api/v1/activations/${tokens[i]}`,
      body: {
        region: 'us-east-1',
        companyName: `Burst ${tag} ${i}`,
        admin: { firstName: 'B', lastName: 'B', email: `a${i}-${tag}@burst.test`, password: password(i) },
        invitations: [{ email: `i${i}-${tag}@burst.test`, role: 'user' }],
        locale: 'en',
      },
      headers: address(i),
    })),
    concurrency,
    (answer, i) => {
      if (answer.status !== 202) return undefined;
      organizations[i] = String(answer.json.organizationId);
      return organizations[i];
    },
  );
  const ids = sql`${`{${[...activations.startedAt.keys()].join(',')}}`}::uuid[]`;
  /** When each of this burst's organizations got `what`: a run of `kind` succeeded, or an email sent. */
  const runsDone = (kind: string) => ({
    count: sql`select count(*) as n from runs where kind = ${kind} and state = 'succeeded' and organization_id = any(${ids})`,
    times: sql`select organization_id::text as key, finished_at as at from runs
               where kind = ${kind} and state = 'succeeded' and organization_id = any(${ids})`,
  });
  const emailsSent = (template: string) => ({
    count: sql`select count(*) as n from email_outbox where template = ${template} and sent_at is not null and organization_id = any(${ids})`,
    times: sql`select organization_id::text as key, sent_at as at from email_outbox
               where template = ${template} and sent_at is not null and organization_id = any(${ids})`,
  });
  const activated: BurstResult = await completion(
    ctx,
    'activation → organization ready',
    count,
    activations,
    runsDone('provisioning'),
  );
  // The invitations go out with provisioning: from each activation request to its email sent.
  const invited = options.activationOnly
    ? undefined
    : await completion(
        ctx,
        'activation → invitation email sent',
        count,
        activations,
        emailsSent('invitation'),
      );
  if (options.hashBaseline || options.cpu) await settle(ctx);
  if (cpuBefore && options.cpu) {
    activated.cpu = {
      ...perItem(cpuBefore, options.cpu(), count),
      generator: activations.generatorCpuMs / count,
    };
  }
  if (options.hashBaseline) {
    const hashedAfter = await options.hashBaseline();
    if (hashedBefore) activated.hashing = { before: hashedBefore, after: hashedAfter };
  }
  if (!invited) return [activated];
  options.onBurst?.('sign-ins');
  const signIns = await send(
    base,
    each((i) => ({
      path: '/api/v1/sessions',
      body: { email: `a${i}-${tag}@burst.test`, password: password(i) },
      headers: address(i + count),
    })),
    concurrency,
    (answer, i) => (answer.status === 201 ? organizations[i] : undefined),
  );
  const signedIn = await completion(ctx, 'first sign-in → setup done', count, signIns, runsDone('setup'));
  const cx = await createStaffUser(
    ctx,
    { email: `cx-${tag}@burst.test`, name: 'Burst CX', password: password(0), roles: ['cx'] },
    system,
  );
  const { token } = await mintStaffApiToken(ctx, cx, { name: 'burst' }, system);
  await settle(ctx);
  options.onBurst?.('sign-offs');
  const signOffs = await send(
    base,
    each((i) => ({
      path: `/api/v1/organizations/${organizations[i]}/verification`,
      body: { notes: 'bench', override: true },
      headers: { authorization: `Bearer ${token}`, ...address(i + 2 * count) },
    })),
    concurrency,
    (answer, i) => (answer.status === 200 ? organizations[i] : undefined),
  );
  const verified = await completion(
    ctx,
    'sign-off → closing emails sent',
    count,
    signOffs,
    emailsSent('welcome'),
  );
  return [activated, invited, signedIn, verified];
}
