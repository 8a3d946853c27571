import { sql } from 'drizzle-orm';
import type { Job, Queue, SendOptions, WorkOptions } from 'pg-boss';
import { fromDrizzle, PgBoss } from 'pg-boss';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Database, Db } from '../db/client.ts';

/**
 * A background job: a name, a payload schema and a handler, registered as one pg-boss queue.
 * Handlers must be idempotent: pg-boss delivers at least once.
 */
export type JobDefinition<T> = {
  name: string;
  payload: z.ZodType<T>;
  queue?: Omit<Queue, 'name'>;
  work?: WorkOptions;
  handle(data: T, ctx: AppContext, job: Job<T>): Promise<void>;
};

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export type JobsOptions = {
  /** Override queue options (tests shorten retry delays). */
  queueOverrides?: Partial<Omit<Queue, 'name'>>;
  pollingIntervalSeconds?: number;
};

/** pg-boss on the application's database, with jobs sent inside the caller's transaction. */
export class Jobs {
  readonly boss: PgBoss;
  readonly #options: JobsOptions;
  #workers: string[] = [];
  readonly #queues = new Set<string>();

  constructor(database: Database, options: JobsOptions = {}) {
    this.#options = options;
    this.boss = new PgBoss({
      ...database.bossOptions,
      schema: 'pgboss',
      useListenNotify: true,
      // Supervision (expiry, retention) runs in every process; pg-boss coordinates it with locks.
      supervise: true,
      superviseIntervalSeconds: 5,
      openTelemetry: { enabled: false },
    });
  }

  async start(definitions: readonly JobDefinition<never>[], log: AppContext['log']): Promise<void> {
    this.boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
    await this.boss.start();
    for (const definition of definitions) {
      const options = { notify: true, ...definition.queue, ...this.#options.queueOverrides };
      if (!options.retryBackoff) delete options.retryDelayMax;
      await this.boss.createQueue(definition.name, options);
      const { policy: _policy, partition: _partition, deadLetter: _dl, ...updatable } = options;
      await this.boss.updateQueue(definition.name, updatable);
      this.#queues.add(definition.name);
    }
  }

  /** Starts the workers that process `definitions` in this process. */
  async work(definitions: readonly JobDefinition<never>[], ctx: AppContext): Promise<void> {
    const polling = this.#options.pollingIntervalSeconds ?? 2;
    for (const definition of definitions as readonly JobDefinition<unknown>[]) {
      const id = await this.boss.work<unknown>(
        definition.name,
        {
          pollingIntervalSeconds: polling,
          // NOTIFY wakes idle workers at once, but a wake that lands while every worker is busy is
          // lost; the backstop poll must then be as quick as the plain one.
          notifyPollingIntervalSeconds: polling,
          localConcurrency: 2,
          ...definition.work,
        },
        async (jobs) => {
          for (const job of jobs) {
            const data = definition.payload.parse(job.data);
            await definition.handle(data, ctx, { ...job, data } as Job<unknown>);
          }
        },
      );
      this.#workers.push(id);
    }
  }

  /** Queues a job in `db`'s transaction: it exists only if that transaction commits. */
  async send<T>(
    db: Db,
    definition: JobDefinition<T>,
    data: T,
    options: SendOptions = {},
  ): Promise<string | null> {
    return this.boss.send(definition.name, data as object, {
      ...options,
      db: fromDrizzle(db as never, sql as never),
    });
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes pg-boss's pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, close: true, timeout: timeoutMs });
  }
}
