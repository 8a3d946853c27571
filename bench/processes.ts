/**
 * Several processes on one PostgreSQL: the activation burst to organizations ready against one
 * `node src/main.ts`, against two of them sharing the database (each request to the one with
 * fewer in flight), and against a web process with a worker process. Each layout has a database
 * of its own and all of them run from the start; the bursts take turns among the layouts, round
 * after round and each layout first, second and last as often (the machine's pace drifts within
 * a minute), and each layout's rate against one process's in the same round, the median of
 * those, counts.
 * Beside it, each layout's CPU per organization (its servers', PostgreSQL's and the load
 * generator's): what a second process adds. Subscriptions are made in this process, which runs
 * no workers.
 */
import { availableParallelism } from 'node:os';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/logging.ts';
import { createContext } from '../src/runtime.ts';
import { customerBursts } from './bursts.ts';
import { cpuReadable, cpuSummary, postgresCpuMs, processCpuMs } from './cpu.ts';
import { fmt, median, roundOrder } from './load.ts';
import { type MainProcess, startMain } from './main-process.ts';

type Layout = {
  roles: string[];
  database: Database;
  ctx: AppContext;
  mains: MainProcess[];
  bases: string[];
  rates: number[];
  /** CPU per organization in each round: the servers', the load generator's, PostgreSQL's. */
  cpus: number[];
};

async function startLayout(url: string, roles: string[]): Promise<Layout> {
  const database = await openDatabase({ kind: 'postgres', url });
  const mains: MainProcess[] = [];
  // As README advises for several processes on one machine: the cores divided among those that
  // hash (the ones that serve), for libuv's pool, and one hash more handed to it.
  const serving = roles.filter((role) => role !== 'worker').length;
  const pool = Math.max(1, Math.floor(availableParallelism() / serving));
  for (const role of roles) {
    const hashing: Record<string, string> =
      role === 'worker'
        ? {}
        : { UV_THREADPOOL_SIZE: String(pool), PASSWORD_HASH_CONCURRENCY: String(pool + 1) };
    mains.push(await startMain({ DATABASE_URL: url, ONRAMP_ROLE: role, ...hashing }));
  }
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ONRAMP_DEMO: '0' });
  const ctx = await createContext(config, database, { logger: createLogger('silent') });
  const bases = mains.filter((_, i) => roles[i] !== 'worker').map((main) => main.base);
  return { roles, database, ctx, mains, bases, rates: [], cpus: [] };
}

/** The servers' CPU so far (every thread), and PostgreSQL's when it runs here. */
function cpuOf(layout: Layout): Record<string, number> {
  const servers = layout.mains.reduce(
    (sum, main) => sum + (main.child.pid ? processCpuMs(main.child.pid) : 0),
    0,
  );
  const postgres = postgresCpuMs();
  return {
    servers,
    ...(postgres === undefined ? {} : { postgres }),
  };
}

/**
 * Each two-process layout against one process, round by round, and the median of those ratios.
 * The layouts of a round run one right after the other, at about the same pace of the machine,
 * while the pace moves by a fifth from round to round: a ratio of the medians would set one
 * round's one process against another round's two (as the bursts part sets each round against
 * the hash rate around it).
 */
function pairedRatios(layouts: Layout[], figures: (layout: Layout) => number[]) {
  const [one = [], both = [], split = []] = layouts.map(figures);
  const against = (other: number[]) => other.map((value, round) => value / (one[round] || 1));
  const [bothRounds, splitRounds] = [against(both), against(split)];
  const rounds = (values: number[]) => values.map((value) => fmt(value, 2)).join(', ');
  return {
    medians: { both: median(bothRounds), split: median(splitRounds) },
    text: `all + all ${rounds(bothRounds)}; web + worker ${rounds(splitRounds)}`,
  };
}

export async function benchProcesses(
  createDatabaseUrl: () => Promise<string>,
  options: { count: number; concurrency: number; rounds: number },
): Promise<{ both: number; split: number; cpu?: { both: number; split: number } }> {
  console.log(
    `Processes: the activation burst (${options.count}, ${options.concurrency} concurrent) to organizations ready, on one process and on two (each request to the process with fewer in flight, as a least-outstanding-requests balancer sends it; hash turns: the cores divided among the serving processes), ${options.rounds} rounds taking turns`,
  );
  const layouts: Layout[] = [];
  try {
    for (const roles of [['all'], ['all', 'all'], ['web', 'worker']]) {
      layouts.push(await startLayout(await createDatabaseUrl(), roles));
    }
    // A warm-up burst first, as large for each process as for one: each process compiles its
    // hot code once, and two processes would otherwise pay that within a measured burst.
    for (const [i, layout] of layouts.entries()) {
      await customerBursts(layout.ctx, layout.bases, {
        ...options,
        count: Math.min(100, options.count) * layout.bases.length,
        tag: `warm${i}`,
        activationOnly: true,
      });
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = roundOrder(layouts, round);
      for (const layout of order) {
        const [ready] = await customerBursts(layout.ctx, layout.bases, {
          ...options,
          tag: `proc${layouts.indexOf(layout)}r${round}`,
          activationOnly: true,
          cpu: cpuReadable ? () => cpuOf(layout) : undefined,
        });
        if (!ready) throw new Error('no burst result');
        const rate = (ready.count / ready.lastDoneMs) * 1000;
        layout.rates.push(rate);
        let cpuText = '';
        if (ready.cpu) {
          const { total, parts } = cpuSummary(ready.cpu);
          layout.cpus.push(total);
          cpuText = `   CPU ${fmt(total, 1)} ms per organization (${parts})`;
        }
        console.log(
          `  round ${round + 1}  ${layout.roles.join(' + ').padEnd(12)}   all accepted in ${fmt(ready.acceptedMs / 1000, 2)} s, all ready in ${fmt(ready.lastDoneMs / 1000, 2)} s   p95 ${fmt(ready.p95 / 1000, 2)} s   ${fmt(rate, 1)} /s${cpuText}${ready.failures ? `   ${ready.failures} failed` : ''}`,
        );
      }
    }
  } finally {
    for (const layout of layouts) {
      await layout.ctx.jobs.stop();
      for (const main of layout.mains) await main.stop();
      await layout.database.close();
    }
  }
  const [one, both, split] = layouts.map((layout) => median(layout.rates));
  console.log(
    `  medians: one ${fmt(one ?? 0, 1)} /s, all + all ${fmt(both ?? 0, 1)} /s, web + worker ${fmt(split ?? 0, 1)} /s`,
  );
  const ratios = pairedRatios(layouts, (layout) => layout.rates);
  console.log(
    `  ÷ one process, round by round: ${ratios.text};  medians: all + all ${fmt(ratios.medians.both, 2)}   web + worker ${fmt(ratios.medians.split, 2)}`,
  );
  if (!cpuReadable) {
    console.log('');
    return ratios.medians;
  }
  // What each layout costs per organization, compared as the rates are.
  const [cpuOne, cpuBoth, cpuSplit] = layouts.map((layout) => median(layout.cpus));
  const cpuRatios = pairedRatios(layouts, (layout) => layout.cpus);
  console.log(
    `  CPU per organization, medians: one ${fmt(cpuOne ?? 0, 1)} ms, all + all ${fmt(cpuBoth ?? 0, 1)} ms, web + worker ${fmt(cpuSplit ?? 0, 1)} ms;  ÷ one process, the median of the rounds: all + all ${fmt(cpuRatios.medians.both, 2)}   web + worker ${fmt(cpuRatios.medians.split, 2)}\n`,
  );
  return { ...ratios.medians, cpu: cpuRatios.medians };
}
