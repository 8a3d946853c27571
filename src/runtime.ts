import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadRegions } from './catalog/regions.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createMailTransport, type MailTransport } from './email/transport.ts';
import { buildApp } from './http/app.ts';
import { Jobs, type JobsOptions } from './jobs/jobs.ts';
import { allJobs, maintenanceJob } from './jobs/registry.ts';
import { createLogger } from './logging.ts';
import { defaultRunPolicy, type RunPolicy } from './runs/definitions.ts';
import { resumeRuns } from './runs/engine.ts';

export type RuntimeOptions = {
  /** An already-open database (tests); otherwise opened from `config`. */
  database?: Database;
  logger?: FastifyBaseLogger;
  webDir?: string | undefined;
  jobs?: JobsOptions;
  /** Whether this process runs background workers (default true). */
  workers?: boolean;
  now?: () => Date;
  mail?: MailTransport;
  runPolicy?: RunPolicy;
};

export type Runtime = { ctx: AppContext; app: FastifyInstance; close(): Promise<void> };

export function databaseFor(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'pglite', dataDir: `${config.dataDir}/pglite` });
}

/** config → database → migrations → jobs → app: everything `npm start` and the tests run. */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const database = options.database ?? (await databaseFor(config));
  const ownsDatabase = options.database === undefined;
  let jobs: Jobs | undefined;
  let app: FastifyInstance | undefined;
  try {
    await migrate(database);
    jobs = new Jobs(database, options.jobs);
    const mail = options.mail ?? createMailTransport(config);
    const regions = loadRegions({
      ...(config.regionsFile ? { regionsFile: config.regionsFile } : {}),
      ...(config.embedded ? { selfLoginUrl: `${config.publicUrl}/login` } : {}),
    });
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      jobs,
      regions,
      mail,
      log: options.logger ?? createLogger(config.logLevel),
      now: options.now ?? (() => new Date()),
      runPolicy: options.runPolicy ?? defaultRunPolicy,
    };
    app = await buildApp(ctx, { logger: ctx.log, webDir: options.webDir });
    await jobs.start(allJobs, ctx.log);
    if (options.workers !== false) {
      await jobs.work(allJobs, ctx);
      await jobs.boss.schedule(maintenanceJob.name, '* * * * *', {});
      // Work a previous process left unfinished (it crashed, or was killed) resumes now.
      await resumeRuns(ctx);
    }
    let closing: Promise<void> | undefined;
    const started = { app, jobs };
    const close = () => {
      closing ??= (async () => {
        await started.app.close();
        await started.jobs.stop();
        mail.close();
        if (ownsDatabase) await database.close();
      })();
      return closing;
    };
    return { ctx, app, close };
  } catch (error) {
    await app?.close().catch(() => {});
    await jobs?.stop(1000).catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}
