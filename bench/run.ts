/**
 * `npm run bench`: Onramp's hot paths, each against a baseline measured in the same run, so the
 * ratios mean something on any machine.
 *
 * 1. Short-name previews (called on every keystroke of the activation form) against a bare
 *    Fastify route in the same process: requests per second and p99 latency.
 * 2. Activations against Argon2id hashes with the same parameters: activations per second.
 * 3. Webhook deliveries through the outbox against bare signed POSTs: deliveries per second and
 *    latency from commit to receipt.
 */
import { Worker } from 'node:worker_threads';
import { hash } from '@node-rs/argon2';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/logging.ts';
import { openPolicy } from '../src/outbound/request.ts';
import { startRuntime } from '../src/runtime.ts';
import { argon2Options } from '../src/security/passwords.ts';
import { createSubscription } from '../src/subscriptions/service.ts';
import { benchDeliveries } from './deliveries.ts';

const durationMs = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

type LoadResult = { latencies: number[]; elapsedMs: number; statuses: Record<string, number> };

function load(urls: string[], options: { concurrency: number; durationMs: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      workerData: { urls, clients: 250, ...options },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function summarize(result: LoadResult) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    rps: (sorted.length / result.elapsedMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    statuses: result.statuses,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const database = databaseUrl
    ? await openDatabase({ kind: 'postgres', url: databaseUrl })
    : await openDatabase({ kind: 'pglite' });
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: '1',
    ONRAMP_DEMO: '0',
    SMTP_URL: 'smtp://127.0.0.1:9',
  });
  // The bench's receiver is plain http on 127.0.0.1, which production refuses (SSRF rules).
  const runtime = await startRuntime(
    { ...config, webhooks: { ...config.webhooks, policy: openPolicy } },
    { database, logger: createLogger('silent') },
  );
  const base = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
  const backend = databaseUrl ? 'PostgreSQL' : 'embedded PGlite';
  console.log(
    `Onramp benchmarks on ${backend}, Node ${process.version}, ${concurrency} connections, ${durationMs / 1000} s per load\n`,
  );

  // Some organizations already exist, as they would: previews look names up among them.
  for (let i = 0; i < 300; i++) {
    await database.db.execute(
      (await import('drizzle-orm'))
        .sql`insert into subscriptions (id, company, contact_name, contact_email, locale, kind, trial_days)
        values (gen_random_uuid(), ${`Seed ${i}`}, 'x', 'x@x.test', 'en', 'trial', 30)`,
    );
  }
  await database.db.execute(
    (await import('drizzle-orm'))
      .sql`insert into organizations (subscription_id, name, short_name, region, locale, time_zone)
      select id, company, lower(replace(company, ' ', '')), 'us-east-1', 'en', 'UTC' from subscriptions`,
  );

  // 1. Short-name previews against a bare route.
  const companies = [
    'Acme Corp',
    'Seed 42',
    '삼성전자',
    'Müller & Söhne',
    'Globex',
    'Initech',
    'Umbrella Corp',
    'Stark Industries',
  ];
  const previewUrls = companies.map(
    (c) => `${base}/api/v1/short-names/preview?region=us-east-1&company=${encodeURIComponent(c)}`,
  );
  await load([`${bareBase}/bare`], { concurrency, durationMs: 1000 });
  await load(previewUrls, { concurrency, durationMs: 1000 });
  const bareResult = summarize(await load([`${bareBase}/bare`], { concurrency, durationMs }));
  const preview = summarize(await load(previewUrls, { concurrency, durationMs }));

  console.log('Short-name preview (GET /api/v1/short-names/preview) vs a bare Fastify route, same process');
  console.log(
    `  bare route      ${fmt(bareResult.rps).padStart(8)} req/s   p50 ${fmt(bareResult.p50, 2)} ms   p99 ${fmt(bareResult.p99, 2)} ms`,
  );
  console.log(
    `  preview         ${fmt(preview.rps).padStart(8)} req/s   p50 ${fmt(preview.p50, 2)} ms   p99 ${fmt(preview.p99, 2)} ms   ${JSON.stringify(preview.statuses)}`,
  );
  console.log(
    `  ratio           throughput ${fmt(preview.rps / bareResult.rps, 3)} of bare, p99 ${fmt(preview.p99 / bareResult.p99, 2)}× bare\n`,
  );

  // 2. Activations against Argon2id alone.
  const count = Number(process.env.BENCH_ACTIVATIONS ?? 60);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { activation } = await createSubscription(
      runtime.ctx,
      {
        company: `Bench ${i}`,
        contact: { name: 'B', email: `b${i}@bench.test` },
        locale: 'en',
        kind: 'trial',
        trialDays: 30,
        products: [{ sku: 'cx-2', quantity: 5 }],
      },
      { actor: { type: 'system' } },
    );
    tokens.push(activation.url.split('/activate/')[1] ?? '');
  }
  const parallel = 4;
  const hashStarted = performance.now();
  for (let i = 0; i < count; i += parallel) {
    await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, (_, j) =>
        hash(`Bench-Password-${i + j}!`, argon2Options),
      ),
    );
  }
  const hashesPerSecond = (count / (performance.now() - hashStarted)) * 1000;

  let nextToken = 0;
  let failures = 0;
  const activationStarted = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async (_, worker) => {
      for (let i = nextToken++; i < count; i = nextToken++) {
        const response = await fetch(`${base}/api/v1/activations/${tokens[i]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.99.${worker}.${i}` },
          body: JSON.stringify({
            region: 'us-east-1',
            companyName: 'Bench Corp',
            admin: {
              firstName: 'B',
              lastName: 'B',
              email: `admin${i}@bench.test`,
              password: `Bench-Password-${i}!`,
            },
            invitations: [{ email: `invitee${i}@bench.test`, role: 'user' }],
            locale: 'en',
          }),
        });
        if (response.status !== 202) failures++;
        await response.arrayBuffer();
      }
    }),
  );
  const activationsPerSecond = (count / (performance.now() - activationStarted)) * 1000;
  console.log(
    `Activation (POST /api/v1/activations/{token}) vs Argon2id hashing alone (${parallel} at a time, ${count} each)`,
  );
  console.log(
    `  Argon2id hash   ${fmt(hashesPerSecond, 1).padStart(8)} /s   (m=${argon2Options.memoryCost} KiB, t=${argon2Options.timeCost}, p=${argon2Options.parallelism})`,
  );
  console.log(`  activation      ${fmt(activationsPerSecond, 1).padStart(8)} /s   (${failures} failed)`);
  console.log(`  ratio           ${fmt(activationsPerSecond / hashesPerSecond, 3)} of hashing alone\n`);

  // 3. Webhook deliveries.
  await benchDeliveries(runtime.ctx, { count: Number(process.env.BENCH_DELIVERIES ?? 400), producers: 8 });

  await bare.close();
  await runtime.close();
  await database.close();
}

await main();
