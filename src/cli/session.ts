import { userInfo } from 'node:os';
import type { Origin } from '../audit/audit.ts';
import { type Config, loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { createLogger } from '../logging.ts';
import { createContext, databaseFor } from '../runtime.ts';

/**
 * The CLI works on the database directly (it is the operator's tool), as the system actor. It
 * queues jobs but runs no workers: the running server delivers what it queues.
 */
export async function withCliContext<T>(fn: (ctx: AppContext, origin: Origin) => Promise<T>): Promise<T> {
  const config: Config = loadConfig();
  const database = await databaseFor(config);
  let ctx: AppContext | undefined;
  try {
    ctx = await createContext(config, database, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
    return await fn(ctx, { actor: { type: 'system' }, requestId: `cli:${cliUser()}` });
  } finally {
    // The NOTIFY that wakes the server's workers for what the command queued goes out first.
    await ctx?.emails.stop(2000).catch(() => {});
    await ctx?.webhooks.stop(2000).catch(() => {});
    await ctx?.jobs.stop(2000).catch(() => {});
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
