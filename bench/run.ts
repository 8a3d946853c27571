/**
 * `npm run bench`: what users wait for, each against a baseline measured in the same run, on the
 * embedded PGlite and on PostgreSQL (BENCH_DATABASE_URL, default the local server; a database
 * of its own is created and dropped), each group of parts in a bench process of its own.
 *
 * 1. Short-name previews against a bare Fastify route in the same process.
 * 2. Bursts: 300 activations 16 at a time to organizations ready, their invitations, first
 *    sign-ins to setup done, sign-offs to closing emails; ready per second against Argon2id,
 *    and the CPU an organization costs (hashing, the rest of the server, PostgreSQL).
 * 3. Webhook deliveries through the outbox against bare signed POSTs.
 * 4. Scale: the hot operations at 1,000 and 100,000 organizations.
 * 5. Processes: the activation burst on one process, two, and a web and a worker process.
 * 6. Memory of the server as `npm start` runs it: idle (and its CPU), and after each of three bursts.
 */
// First: libuv's pool sized as `npm start` sizes it (src/threadpool.ts).
import '../src/threadpool.ts';
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/logging.ts';
import { openPolicy } from '../src/outbound/request.ts';
import { startRuntime } from '../src/runtime.ts';
import { benchBursts } from './bursts-part.ts';
import { benchDeliveries } from './deliveries.ts';
import { fmt, loadInTurns, summarize } from './load.ts';
import { benchMemory } from './memory.ts';
import { benchProcesses } from './processes.ts';
import { benchScale } from './scale.ts';

const durationMs = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const burstSize = Number(process.env.BENCH_BURST ?? 300);
const scaleSize = Number(process.env.BENCH_SCALE ?? 100_000);
const burstRounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/**
 * The processes part compares the layouts round by round, and a single round's ratio moved by a
 * tenth either way between neighbours: several rounds, so that one slow round cannot decide it,
 * and six, so that each layout takes each place in the order equally often (see `roundOrder`).
 */
const processRounds = Math.max(1, Number(process.env.BENCH_PROCESS_ROUNDS ?? 6));
/** BENCH_PARTS=preview,bursts,deliveries,scale,processes,memory and BENCH_DATABASES=pglite,postgres pick a subset. */
const parts = new Set(
  (process.env.BENCH_PARTS ?? 'preview,bursts,deliveries,scale,processes,memory').split(','),
);
const databases = new Set((process.env.BENCH_DATABASES ?? 'pglite,postgres').split(','));

type Backend = {
  open(): Promise<Database>;
  /** The environment a `node src/main.ts` on this backend gets. */
  processEnv(): Promise<Record<string, string>>;
  /** A fresh database several processes can share (PostgreSQL only). */
  sharedUrl?(): Promise<string>;
  /** Drops the databases made; on PostgreSQL the server then writes out what it still holds for them. */
  cleanup(): Promise<void>;
};

async function pgliteBackend(): Promise<Backend> {
  const dirs: string[] = [];
  const dir = async () => {
    const made = await mkdtemp(path.join(tmpdir(), 'onramp-bench-'));
    dirs.push(made);
    return made;
  };
  return {
    open: async () => openDatabase({ kind: 'pglite', dataDir: path.join(await dir(), 'pglite') }),
    processEnv: async () => ({ DATA_DIR: await dir() }),
    cleanup: async () => {
      for (const made of dirs) await rm(made, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend | undefined> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch {
    console.log(`PostgreSQL at ${url} is not reachable: its figures are skipped.\n`);
    return undefined;
  }
  const names: string[] = [];
  const create = async () => {
    const name = `onramp_bench_${process.pid}_${names.length}`;
    await admin.query(`CREATE DATABASE ${name}`);
    names.push(name);
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  };
  return {
    open: async () => openDatabase({ kind: 'postgres', url: await create() }),
    processEnv: async () => ({ DATABASE_URL: await create() }),
    sharedUrl: create,
    cleanup: async () => {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query('CHECKPOINT');
      await admin.end();
    },
  };
}

/** An in-process Onramp on `database`, listening; the receiver of the delivery bench is plain http. */
async function runtimeOn(database: Database) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: '1',
    ONRAMP_DEMO: '0',
  });
  const runtime = await startRuntime(
    { ...config, webhooks: { ...config.webhooks, policy: openPolicy } },
    { database, logger: createLogger('silent') },
  );
  const base = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  return { runtime, base };
}

async function benchPreview(base: string, bareBase: string) {
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
  const urls = companies.map(
    (c) => `${base}/api/v1/short-names/preview?region=us-east-1&company=${encodeURIComponent(c)}`,
  );
  // Within a few seconds the machine's pace moves by up to a quarter: the two take turns.
  const [bare, preview] = (
    await loadInTurns([[`${bareBase}/bare`], urls], { concurrency, durationMs, rounds: 5, warmUpMs: 1000 })
  ).map(summarize) as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
  console.log(
    'Short-name preview (GET /api/v1/short-names/preview) vs a bare Fastify route, same process, in five turns each',
  );
  console.log(
    `  bare route      ${fmt(bare.rps).padStart(8)} req/s   p50 ${fmt(bare.p50, 2)} ms   p99 ${fmt(bare.p99, 2)} ms`,
  );
  console.log(
    `  preview         ${fmt(preview.rps).padStart(8)} req/s   p50 ${fmt(preview.p50, 2)} ms   p99 ${fmt(preview.p99, 2)} ms   ${JSON.stringify(preview.statuses)}`,
  );
  console.log(
    `  ratio           throughput ${fmt(preview.rps / bare.rps, 3)} of bare, p99 ${fmt(preview.p99 / bare.p99, 2)}× bare\n`,
  );
  return { ratio: preview.rps / bare.rps, p99: preview.p99 / bare.p99 };
}

/** The parts in `parts` on one database, in this process. */
async function benchBackend(backend: Backend) {
  let preview: { ratio: number; p99: number } | undefined;
  let bursts: Awaited<ReturnType<typeof benchBursts>> | undefined;
  if (parts.has('preview') || parts.has('bursts') || parts.has('deliveries')) {
    const bare = Fastify({ logger: false });
    bare.get('/bare', async () => ({ ok: true }));
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
    const hot = await runtimeOn(await backend.open());
    if (parts.has('preview')) preview = await benchPreview(hot.base, bareBase);
    if (parts.has('bursts')) bursts = await benchBursts(hot, { burstSize, concurrency, burstRounds });
    if (parts.has('deliveries')) {
      await benchDeliveries(hot.runtime.ctx, {
        count: Number(process.env.BENCH_DELIVERIES ?? 400),
        producers: 8,
      });
    }
    await hot.runtime.close();
    await hot.runtime.ctx.database.close();
    await bare.close();
  }

  let scale: { worst: number; label: string } | undefined;
  if (parts.has('scale')) {
    const small = await runtimeOn(await backend.open());
    const large = await runtimeOn(await backend.open());
    scale = await benchScale(
      {
        small: { ctx: small.runtime.ctx, base: small.base },
        large: { ctx: large.runtime.ctx, base: large.base },
      },
      { small: 1000, large: scaleSize },
    );
    for (const { runtime } of [small, large]) {
      await runtime.close();
      await runtime.ctx.database.close();
    }
  }

  const processes =
    parts.has('processes') && backend.sharedUrl
      ? await benchProcesses(backend.sharedUrl, { count: burstSize, concurrency, rounds: processRounds })
      : undefined;

  const memory = parts.has('memory')
    ? await benchMemory(await backend.processEnv(), {
        bursts: 3,
        perBurst: Number(process.env.BENCH_MEMORY_BURST ?? 100),
      })
    : undefined;
  return { preview, bursts, scale, processes, memory };
}

type Figures = Awaited<ReturnType<typeof benchBackend>>;

const backendsByName: Record<string, { label: string; make(): Promise<Backend | undefined> }> = {
  pglite: { label: 'embedded PGlite', make: pgliteBackend },
  postgres: { label: 'PostgreSQL', make: postgresBackend },
};

/**
 * Each group of parts on each database runs in a bench process of its own, on databases of its
 * own that it drops when done: an in-process server leaves its heap, compiled code and closed
 * PGlite instances to whatever runs after it in the same process (the preview on PostgreSQL
 * measured 0.77–0.84 of the bare route after the PGlite parts in one process, 0.82–0.91 alone),
 * and PostgreSQL checkpoints what a part wrote before the next part starts.
 */
const partGroups = [['preview', 'bursts', 'deliveries'], ['scale'], ['processes'], ['memory']];

async function main() {
  if (process.env.BENCH_CHILD === '1') {
    const [name = ''] = databases;
    const backend = await backendsByName[name]?.make();
    if (!backend) {
      process.send?.(null);
      return;
    }
    try {
      process.send?.(await benchBackend(backend));
    } finally {
      await backend.cleanup();
    }
    return;
  }
  const summary: string[] = [];
  for (const [name, { label }] of Object.entries(backendsByName)) {
    if (!databases.has(name)) continue;
    console.log(
      `━━ ${label} ━━  Node ${process.version}, ${concurrency} connections, ${durationMs / 1000} s per load\n`,
    );
    const figures: Partial<Figures> = {};
    let reached = true;
    for (const group of partGroups) {
      // Several processes share a database on PostgreSQL only.
      const wanted = group.filter((part) => parts.has(part) && (part !== 'processes' || name === 'postgres'));
      if (wanted.length === 0) continue;
      const result = await benchInChild(name, wanted);
      if (!result) {
        reached = false;
        break;
      }
      // Parts the group did not run come back without their keys (IPC drops undefined).
      Object.assign(figures, result);
    }
    if (reached) summary.push(summaryLine(label, figures));
  }
  console.log('Summary');
  for (const line of summary) console.log(line);
}

function summaryLine(label: string, { preview, bursts, scale, processes, memory }: Partial<Figures>): string {
  const line = [
    preview && `preview ${fmt(preview.ratio, 3)} of bare (p99 ${fmt(preview.p99, 2)}×)`,
    bursts &&
      `ready ÷ hashing ${fmt(bursts.ratio, 3)}${bursts.cpu ? ` (CPU per organization ${fmt(bursts.cpu.total, 1)} ms, a hash ${fmt(bursts.cpu.hash, 1)} ms)` : ''}; bursts' longest p95 ${fmt(bursts.p95, 2)} s, last done ${fmt(bursts.tail, 2)}× after the last request`,
    scale && `scale worst ${fmt(scale.worst, 2)}× (${scale.label})`,
    processes !== undefined &&
      `two processes ÷ one ${fmt(processes.both, 2)} (web + worker ${fmt(processes.split, 2)}${processes.cpu ? `; CPU per organization ÷ one ${fmt(processes.cpu.both, 2)}, ${fmt(processes.cpu.split, 2)}` : ''})`,
    memory &&
      `idle ${fmt(memory.idleCpu, 1)} ms CPU /s and ${fmt(memory.idle)} MB (first start ${fmt(memory.firstIdle)} MB), after bursts ${memory.afterBursts.map((m) => fmt(m)).join(' / ')} MB (live heap ${memory.heapAfterBursts.map((m) => fmt(m)).join(' / ')} MB)`,
  ].filter(Boolean);
  return `  ${label.padEnd(16)} ${line.join('   ')}`;
}

/** Runs `wanted` on database `name` in a new bench process: its figures, or null when the database is not there. */
function benchInChild(name: string, wanted: string[]): Promise<Figures | null> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: process.execArgv,
      env: { ...process.env, BENCH_DATABASES: name, BENCH_PARTS: wanted.join(','), BENCH_CHILD: '1' },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    let figures: Figures | null = null;
    child.on('message', (message) => {
      figures = message as Figures | null;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(figures)
        : reject(new Error(`the bench of ${wanted.join(', ')} on ${name} exited with ${code}`)),
    );
  });
}

await main();
