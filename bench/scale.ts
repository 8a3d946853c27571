/**
 * The same operations at 1,000 and at 100,000 organizations: each one's p99 latency should stay
 * within 1.5 × (every hot query is indexed; test/indexes.test.ts proves it with EXPLAIN).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../src/context.ts';
import { queryRows } from '../src/db/client.ts';
import { hashPassword } from '../src/security/passwords.ts';
import { mintStaffApiToken } from '../src/staff/api-tokens.ts';
import { createStaffUser } from '../src/staff/service.ts';
import { createSubscription } from '../src/subscriptions/service.ts';
import { seedOrganizations } from '../test/helpers/seed-scale.ts';
import { settle } from './bursts.ts';
import { fmt, median, percentile } from './load.ts';

const password = 'Seeded-Password-1!';
const system = { actor: { type: 'system' as const } };

type Operation = { label: string; run(i: number): Promise<Response> };

/**
 * fetch, once more on a connection reset: after seeding (a long time on the embedded database)
 * the client's idle keep-alive connections may have been closed by the server.
 */
async function send(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** p99 of `count` requests, `concurrency` at a time, numbered from `offset`. */
async function p99(operation: Operation, count: number, concurrency: number, offset = 0): Promise<number> {
  const latencies: number[] = [];
  let next = offset;
  const end = offset + count;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < end; i = next++) {
        const started = performance.now();
        const response = await operation.run(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        if (response.status >= 400) failures++;
      }
    }),
  );
  if (failures > 0) console.log(`  (${operation.label}: ${failures} failed requests)`);
  return percentile(latencies, 0.99);
}

/** Signs in as a seeded admin and returns their cookie header. */
async function customerCookie(base: string, n: number): Promise<string> {
  const response = await send(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${n >> 8}.${n & 255}` },
    body: JSON.stringify({ email: `admin${n}@seed.test`, password }),
  });
  await response.arrayBuffer();
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Every measured operation, against organizations numbered 1..`size`. */
async function operations(
  ctx: AppContext,
  base: string,
  size: number,
  token: string,
  tag: string,
): Promise<Operation[]> {
  const pick = (i: number) => 1 + ((i * 7919) % size);
  const staff = { authorization: `Bearer ${token}` };
  const [sample] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from organizations where short_name = ${`seed${pick(1)}`}`,
  );
  const organizationId = sample?.id ?? '';
  const cookie = await customerCookie(base, pick(3));
  const tokens: string[] = [];
  // One link for each activation measured: 30 to warm up, five rounds of 100.
  for (let i = 0; i < 530; i++) {
    const { activation } = await createSubscription(
      ctx,
      {
        company: `Scale ${tag} ${i}`,
        contact: { name: 'S', email: `s${i}-${tag}@scale.test` },
        locale: 'en',
        kind: 'trial',
        trialDays: 30,
        products: [{ sku: 'cx-2', quantity: 1 }],
      },
      system,
    );
    tokens.push(activation.url.split('/activate/')[1] ?? '');
  }
  const get =
    (path: string, headers: Record<string, string> = {}) =>
    (i: number) =>
      send(`${base}${path}`, {
        headers: { 'x-forwarded-for': `10.78.${(i >> 8) & 255}.${i & 255}`, ...headers },
      });
  return [
    {
      // A company of its own for every request: the preview remembers what it looked up, so a
      // name asked again would be answered from memory, not from the database measured.
      label: 'short-name preview',
      run: (i) =>
        get(
          `/api/v1/short-names/preview?region=us-east-1&company=${encodeURIComponent(`Preview Company ${i}`)}`,
        )(i),
    },
    {
      label: 'activation',
      run: (i) =>
        send(`${base}/api/v1/activations/${tokens[i % tokens.length]}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.79.${tag.length}.${i & 255}`,
          },
          body: JSON.stringify({
            region: 'eu-west-1',
            companyName: `Seed Company ${pick(i)}`,
            admin: { firstName: 'S', lastName: 'S', email: `scale${i}-${tag}@scale.test`, password },
            invitations: [],
            locale: 'en',
          }),
        }),
    },
    {
      label: 'sign-in',
      run: (i) =>
        send(`${base}/api/v1/sessions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.80.${(i >> 8) & 255}.${i & 255}`,
          },
          body: JSON.stringify({ email: `admin${pick(i + 11)}@seed.test`, password }),
        }),
    },
    { label: 'verification queue', run: get('/api/v1/verification-queue', staff) },
    { label: 'search by Organization ID', run: get(`/api/v1/organizations?q=${organizationId}`, staff) },
    { label: 'search by short name', run: (i) => get(`/api/v1/organizations?q=seed${pick(i)}`, staff)(i) },
    { label: 'search by company part', run: (i) => get(`/api/v1/organizations?q=${pick(i)}`, staff)(i) },
    {
      label: 'search by email',
      run: (i) => get(`/api/v1/organizations?q=admin${pick(i)}%40seed.test`, staff)(i),
    },
    { label: 'customer home', run: get('/api/v1/organization', { cookie }) },
    {
      label: "one organization's audit export",
      run: get(`/api/v1/organizations/${organizationId}/audit?format=csv`, staff),
    },
  ];
}

/** One database at one size, served by its own in-process Onramp. */
export type ScaleTarget = { ctx: AppContext; base: string };

/** A staff API token for the measured staff operations. */
async function staffToken(ctx: AppContext): Promise<string> {
  const staff = await createStaffUser(
    ctx,
    { email: 'scale-bench@onramp.test', name: 'Scale', password, roles: ['cx', 'support'] },
    system,
  );
  return (await mintStaffApiToken(ctx, staff, { name: 'scale' }, system)).token;
}

/**
 * Seeds `small` organizations into one database and `large` into the other, then measures each
 * operation on both, their rounds taking turns (small, large, small, …): a machine that speeds
 * up or slows down during the run weighs on both sizes alike. Each size's figure is the median
 * p99 of five rounds, after a warm-up (a p99 of a few hundred requests on two shared cores
 * swings from round to round).
 */
export async function benchScale(
  targets: { small: ScaleTarget; large: ScaleTarget },
  options: { small: number; large: number },
) {
  const passwordHash = await hashPassword(password);
  const seed = async (target: ScaleTarget, size: number) => {
    const started = performance.now();
    await seedOrganizations(target.ctx.db, size, passwordHash);
    await target.ctx.db.execute(sql`vacuum analyze`);
    return performance.now() - started;
  };
  const seededSmall = await seed(targets.small, options.small);
  const seededLarge = await seed(targets.large, options.large);
  const sized = [
    { target: targets.small, size: options.small },
    { target: targets.large, size: options.large },
  ];
  const lists = await Promise.all(
    sized.map(async ({ target, size }) =>
      operations(target.ctx, target.base, size, await staffToken(target.ctx), String(size)),
    ),
  );
  const results = sized.map(() => new Map<string, number>());
  for (const [index, operation] of (lists[0] ?? []).entries()) {
    // Each activation uses up its link, so they get 30 to warm up and five rounds of 100.
    const round = operation.label === 'activation' ? 100 : 300;
    const rounds = sized.map((): number[] => []);
    for (const [s, { target }] of sized.entries()) {
      await settle(target.ctx);
      await p99(lists[s]?.[index] ?? operation, 30, 4);
    }
    for (let r = 0; r < 5; r++) {
      for (const [s, { target }] of sized.entries()) {
        await settle(target.ctx);
        rounds[s]?.push(await p99(lists[s]?.[index] ?? operation, round, 4, 30 + r * round));
      }
    }
    rounds.forEach((measured, s) => {
      results[s]?.set(operation.label, median(measured));
    });
  }
  const [small, large] = results;
  console.log(
    `Scale: p99 at ${fmt(options.small)} organizations (seeded in ${fmt(seededSmall / 1000, 1)} s) and at ${fmt(options.large)} (seeded in ${fmt(seededLarge / 1000, 1)} s), measured in turns`,
  );
  let worst = { worst: 0, label: '' };
  for (const [label, before] of small ?? []) {
    const after = large?.get(label) ?? 0;
    console.log(
      `  ${label.padEnd(32)} ${fmt(before, 1).padStart(7)} ms → ${fmt(after, 1).padStart(7)} ms   ${fmt(after / before, 2)}×`,
    );
    if (after / before > worst.worst) worst = { worst: after / before, label };
  }
  console.log('');
  return worst;
}
