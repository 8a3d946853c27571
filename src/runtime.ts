import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadRegions } from './catalog/regions.ts';
import { authenticators, jobDeclarations, jobHandlers, routeModules, runDefinitions } from './composition.ts';
import type { Config } from './config.ts';
import { loadConnectors } from './connectors/config.ts';
import type { AppContext } from './context.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { defaultEmailPolicy, EmailDispatcher, type EmailPolicy, resumeEmails } from './email/delivery.ts';
import { createMailTransport, type MailTransport } from './email/transport.ts';
import { type DeliveryPolicy, defaultDeliveryPolicy } from './events/catalog.ts';
import { resumeDeliveries, WebhookDispatcher } from './events/delivery.ts';
import { buildApp } from './http/app.ts';
import { Jobs, type JobsOptions } from './jobs/jobs.ts';
import { createLogger } from './logging.ts';
import { maintenanceJob } from './maintenance/jobs.ts';
import { defaultRunPolicy, type RunPolicy } from './runs/definitions.ts';
import { EagerRuns } from './runs/eager.ts';
import { resumeRuns } from './runs/failure.ts';
import { limitConcurrentHashes } from './security/passwords.ts';

export type RuntimeOptions = {
  /** An already-open database (tests); otherwise opened from `config`. */
  database?: Database;
  logger?: FastifyBaseLogger;
  webDir?: string | undefined;
  jobs?: JobsOptions;
  /** Whether this process runs background workers (default: unless ONRAMP_ROLE=web). */
  workers?: boolean;
  /** How many runs this process works at once right after starting them (default 32). */
  eagerRuns?: number;
  now?: () => Date;
  mail?: MailTransport;
  runPolicy?: RunPolicy;
  deliveryPolicy?: DeliveryPolicy;
  emailPolicy?: EmailPolicy;
};

export type Runtime = { ctx: AppContext; app: FastifyInstance; close(): Promise<void> };

export function databaseFor(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize })
    : openDatabase({ kind: 'pglite', dataDir: `${config.dataDir}/pglite` });
}

/**
 * The application context on a migrated database, with its job queue started (queues created,
 * no workers): what the server and the CLI both work with.
 */
export async function createContext(
  config: Config,
  database: Database,
  options: Omit<RuntimeOptions, 'database' | 'webDir' | 'workers' | 'eagerRuns'> = {},
): Promise<AppContext> {
  await migrate(database);
  const log = options.logger ?? createLogger(config.logLevel);
  const regions = loadRegions({
    ...(config.regionsFile ? { regionsFile: config.regionsFile } : {}),
    ...(config.embedded ? { selfLoginUrl: `${config.publicUrl}/login` } : {}),
  });
  // A bad CONNECTORS_FILE stops the start with the field it concerns, before anything runs.
  const connectors = loadConnectors(config.connectorsFile, regions);
  limitConcurrentHashes(config.passwordHashConcurrency);
  const jobs = new Jobs(database, options.jobs);
  await jobs.start(jobDeclarations, log).catch(async (error: unknown) => {
    await jobs.stop(1000).catch(() => {});
    throw error;
  });
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    jobs,
    regions,
    mail: options.mail ?? createMailTransport(config),
    log,
    now: options.now ?? (() => new Date()),
    runPolicy: options.runPolicy ?? defaultRunPolicy,
    deliveryPolicy: options.deliveryPolicy ?? defaultDeliveryPolicy,
    emailPolicy: options.emailPolicy ?? defaultEmailPolicy,
    runs: runDefinitions(connectors),
    // Set just below: the dispatcher needs the finished context.
    webhooks: undefined as unknown as WebhookDispatcher,
    emails: undefined as unknown as EmailDispatcher,
  };
  ctx.webhooks = new WebhookDispatcher(ctx);
  ctx.emails = new EmailDispatcher(ctx);
  return ctx;
}

/** config → database → migrations → jobs → app: everything `npm start` and the tests run. */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const database = options.database ?? (await databaseFor(config));
  const ownsDatabase = options.database === undefined;
  let ctx: AppContext | undefined;
  let app: FastifyInstance | undefined;
  try {
    ctx = await createContext(config, database, options);
    // A worker process serves health and metrics only; the API and the web app are the web role's.
    const serves = config.role !== 'worker';
    app = await buildApp(ctx, {
      logger: ctx.log,
      webDir: serves ? options.webDir : undefined,
      routes: serves ? routeModules(config) : [],
      authenticators: authenticators(ctx),
    });
    if (options.workers ?? config.role !== 'web') {
      ctx.eagerRuns = new EagerRuns(options.eagerRuns ?? 32);
      await ctx.jobs.work(jobHandlers, ctx, ctx.log);
      await ctx.jobs.boss.schedule(maintenanceJob.name, '* * * * *', {});
      // Work a previous process left unfinished (it crashed, or was killed) resumes now.
      await resumeRuns(ctx);
      await ctx.webhooks.start(database);
      await resumeDeliveries(ctx, ctx.webhooks);
      await ctx.emails.start(database);
      await resumeEmails(ctx, ctx.emails);
    }
    let closing: Promise<void> | undefined;
    const started = { app, ctx };
    const close = () => {
      closing ??= (async () => {
        await started.app.close();
        await started.ctx.eagerRuns?.idle();
        await started.ctx.webhooks.stop();
        await started.ctx.emails.stop();
        await started.ctx.jobs.stop();
        started.ctx.mail.close();
        if (ownsDatabase) await database.close();
      })();
      return closing;
    };
    return { ctx, app, close };
  } catch (error) {
    await app?.close().catch(() => {});
    await ctx?.jobs.stop(1000).catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}
