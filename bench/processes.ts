/**
 * Several processes on one PostgreSQL: the activation burst against one `node src/main.ts`, then
 * against two sharing the database (requests taking turns), to organizations ready. Each gets a
 * database of its own; subscriptions are made in this process, which runs no workers.
 */
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
): Promise<number> {
  const rates: number[] = [];
  console.log(
    `Processes: the activation burst (${options.count}, ${options.concurrency} concurrent) to organizations ready, on one process and on two`,
  );
  for (const processes of [1, 2]) {
    const url = await createDatabaseUrl();
    const mains: MainProcess[] = [];
    const database = await openDatabase({ kind: 'postgres', url });
    try {
      for (let i = 0; i < processes; i++) mains.push(await startMain({ DATABASE_URL: url }));
      const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ONRAMP_DEMO: '0' });
      const ctx = await createContext(config, database, { logger: createLogger('silent') });
      const [ready] = await customerBursts(
        ctx,
        mains.map((m) => m.base),
        { ...options, tag: `proc${processes}`, activationOnly: true },
      );
      await ctx.jobs.stop();
      if (!ready) throw new Error('no burst result');
      const rate = (ready.count / ready.lastDoneMs) * 1000;
      rates.push(rate);
      console.log(
        `  ${processes} process${processes > 1 ? 'es' : '  '}   all accepted in ${fmt(ready.acceptedMs / 1000, 2)} s, all ready in ${fmt(ready.lastDoneMs / 1000, 2)} s   p95 ${fmt(ready.p95 / 1000, 2)} s   ${fmt(rate, 1)} /s${ready.failures ? `   ${ready.failures} failed` : ''}`,
      );
    } finally {
      for (const main of mains) await main.stop();
      await database.close();
    }
  }
  const ratio = (rates[1] ?? 0) / (rates[0] ?? 1);
  console.log(`  two ÷ one process          ${fmt(ratio, 2)}\n`);
  return ratio;
}
