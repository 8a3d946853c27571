import type { Job, JobResult, Queue, SendOptions, WorkOptions } from 'pg-boss';
import { PgBoss } from 'pg-boss';
import type { z } from 'zod';
import type { Database, Db } from '../db/client.ts';
import { bossExecutor } from './queries.ts';

/**
 * What a job is, without what it does: a name, a payload schema and queue options. Capabilities
 * declare the jobs they send; the composition pairs each declaration with its handler, so a
 * capability never imports the code that handles its jobs (and no cycle appears).
 */
export type JobDeclaration<T> = {
  name: string;
  payload: z.ZodType<T>;
  queue?: Omit<Queue, 'name'>;
  work?: WorkOptions;
};

export function declareJob<T>(declaration: JobDeclaration<T>): JobDeclaration<T> {
  return declaration;
}

/** A declaration with the code that works it. Handlers must be idempotent: pg-boss delivers at least once. */
export type JobHandler<C> = {
  job: JobDeclaration<unknown>;
  handle(data: unknown, ctx: C, job: Job<unknown>): Promise<void>;
};

export function handleJob<T, C>(
  job: JobDeclaration<T>,
  handle: (data: T, ctx: C, job: Job<T>) => Promise<void>,
): JobHandler<C> {
  return {
    job: job as JobDeclaration<unknown>,
    handle: (data, ctx, raw) => {
      const parsed = job.payload.parse(data);
      return handle(parsed, ctx, { ...raw, data: parsed } as Job<T>);
    },
  };
}

export type JobsOptions = {
  /** Override queue options (tests shorten retry delays). */
  queueOverrides?: Partial<Omit<Queue, 'name'>>;
  pollingIntervalSeconds?: number;
};

type Log = { error(object: object, message: string): void; warn(object: object, message: string): void };

/** pg-boss on the application's database, with jobs sent inside the caller's transaction. */
export class Jobs {
  readonly boss: PgBoss;
  readonly #options: JobsOptions;
  #workers: string[] = [];

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

  /** Starts pg-boss and creates (or updates) a queue per declaration. */
  async start(declarations: readonly JobDeclaration<unknown>[], log: Log): Promise<void> {
    this.boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
    await this.boss.start();
    for (const declaration of declarations) {
      const options = { notify: true, ...declaration.queue, ...this.#options.queueOverrides };
      if (!options.retryBackoff) delete options.retryDelayMax;
      await this.boss.createQueue(declaration.name, options);
      const { policy: _policy, partition: _partition, deadLetter: _dl, ...updatable } = options;
      await this.boss.updateQueue(declaration.name, updatable);
    }
  }

  /**
   * Starts the workers that process `handlers` in this process. Each worker takes a batch and
   * works its jobs side by side; while batches come back full it fetches again at once (a
   * backlog is worked, not polled), and NOTIFY wakes it when new jobs land.
   */
  async work<C>(handlers: readonly JobHandler<C>[], ctx: C, log: Log): Promise<void> {
    // NOTIFY wakes a worker for every job sent, even mid-batch (pg-boss keeps that wake for the
    // batch's end). Polling only finds jobs whose start time has come (retries, safety nets) and
    // covers a lost LISTEN: every 10 s while NOTIFY works, every 2 s where it does not. Polling
    // every 2 s doubled an idle process's CPU time (bench/memory.ts measures it).
    const polling = this.#options.pollingIntervalSeconds ?? 2;
    const notifyPolling = this.#options.pollingIntervalSeconds ?? 10;
    for (const { job, handle } of handlers) {
      const id = await this.boss.work(
        job.name,
        {
          pollingIntervalSeconds: polling,
          notifyPollingIntervalSeconds: notifyPolling,
          batchSize: 8,
          burstWhenBatchFull: true,
          localConcurrency: 2,
          ...job.work,
          perJobResults: true as const,
        },
        async (jobs): Promise<JobResult[]> =>
          Promise.all(
            jobs.map(async (one): Promise<JobResult> => {
              try {
                await handle(one.data, ctx, one);
                return { id: one.id, status: 'completed' };
              } catch (error) {
                log.warn({ err: error, job: job.name, jobId: one.id }, 'job failed; pg-boss retries it');
                return { id: one.id, status: 'failed', output: { message: (error as Error).message } };
              }
            }),
          ),
      );
      this.#workers.push(id);
    }
  }

  /** Queues a job in `db`'s transaction: it exists only if that transaction commits. */
  async send<T>(
    db: Db,
    declaration: JobDeclaration<T>,
    data: T,
    options: SendOptions = {},
  ): Promise<string | null> {
    return this.boss.send(declaration.name, data as object, { ...options, db: bossExecutor(db) });
  }

  /** Deletes a job that is no longer needed (a safety net whose work is done), unless it started. */
  async delete<T>(db: Db, declaration: JobDeclaration<T>, id: string): Promise<void> {
    await this.boss.deleteJob(declaration.name, id, { db: bossExecutor(db) });
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes pg-boss's pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, close: true, timeout: timeoutMs });
  }
}
