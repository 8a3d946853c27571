import { userInfo } from 'node:os';
import type { Origin } from '../audit/audit.ts';
import { loadRegions } from '../catalog/regions.ts';
import { type Config, loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { migrate } from '../db/migrate.ts';
import { createMailTransport } from '../email/transport.ts';
import { Jobs } from '../jobs/jobs.ts';
import { allJobs } from '../jobs/registry.ts';
import { createLogger } from '../logging.ts';
import { defaultRunPolicy } from '../runs/definitions.ts';
import { databaseFor } from '../runtime.ts';

/**
 * The CLI works on the database directly (it is the operator's tool), as the system actor. It
 * queues jobs but runs no workers: the running server delivers what it queues.
 */
export async function withCliContext<T>(fn: (ctx: AppContext, origin: Origin) => Promise<T>): Promise<T> {
  const config: Config = loadConfig();
  const database = await databaseFor(config);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const jobs = new Jobs(database);
  try {
    await migrate(database);
    await jobs.start(allJobs, log);
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      jobs,
      regions: loadRegions(config.regionsFile ? { regionsFile: config.regionsFile } : {}),
      mail: createMailTransport(config),
      log,
      now: () => new Date(),
      runPolicy: defaultRunPolicy,
    };
    return await fn(ctx, { actor: { type: 'system' }, requestId: `cli:${cliUser()}` });
  } finally {
    await jobs.stop(2000).catch(() => {});
    await database.close();
  }
}

function cliUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
