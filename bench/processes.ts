/**
 * Several processes on one PostgreSQL: the activation burst to organizations ready against one
 * `node src/main.ts`, then two of them sharing the database (requests taking turns), then a web
 * process with a worker process, each after a warm-up burst. Each layout gets a database of its
 * own; subscriptions are made in this process, which runs no workers.
 */
import { availableParallelism } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/logging.ts';
import { createContext } from '../src/runtime.ts';
import { customerBursts } from './bursts.ts';
import { fmt } from './load.ts';
import { type MainProcess, startMain } from './main-process.ts';

export async function benchProcesses(
  createDatabaseUrl: () => Promise<string>,
  options: { count: number; concurrency: number },
): Promise<{ both: number; split: number }> {
  const rates: number[] = [];
  console.log(
    `Processes: the activation burst (${options.count}, ${options.concurrency} concurrent) to organizations ready, on one process and on two (hash turns: the cores divided among the serving processes)`,
  );
  const layouts = [['all'], ['all', 'all'], ['web', 'worker']];
  for (const roles of layouts) {
    const url = await createDatabaseUrl();
    const mains: MainProcess[] = [];
    const database = await openDatabase({ kind: 'postgres', url });
    try {
      // As README advises for several processes on one machine: the cores divided among those
      // that hash (the ones that serve), for libuv's pool, and one hash more handed to it.
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
      const bases = mains.filter((_, i) => roles[i] !== 'worker').map((m) => m.base);
      // A warm-up burst first, as large for each process as for one: each process compiles its
      // hot code once, and two processes would otherwise pay that within the measured burst.
      await customerBursts(ctx, bases, {
        ...options,
        count: Math.min(100, options.count) * bases.length,
        tag: `warm${rates.length}`,
        activationOnly: true,
      });
      const [ready] = await customerBursts(ctx, bases, {
        ...options,
        tag: `proc${rates.length}`,
        activationOnly: true,
      });
      await ctx.jobs.stop();
      if (!ready) throw new Error('no burst result');
      const rate = (ready.count / ready.lastDoneMs) * 1000;
      rates.push(rate);
      console.log(
        `  ${roles.join(' + ').padEnd(12)}   all accepted in ${fmt(ready.acceptedMs / 1000, 2)} s, all ready in ${fmt(ready.lastDoneMs / 1000, 2)} s   p95 ${fmt(ready.p95 / 1000, 2)} s   ${fmt(rate, 1)} /s${ready.failures ? `   ${ready.failures} failed` : ''}`,
      );
    } finally {
      for (const main of mains) await main.stop();
      await database.close();
    }
  }
  const one = rates[0] ?? 1;
  const ratios = { both: (rates[1] ?? 0) / one, split: (rates[2] ?? 0) / one };
  console.log(
    `  ÷ one process                 all + all ${fmt(ratios.both, 2)}   web + worker ${fmt(ratios.split, 2)}\n`,
  );
  return ratios;
}
