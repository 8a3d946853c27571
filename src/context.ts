import type { FastifyBaseLogger } from 'fastify';
import type { Region } from './catalog/regions.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { EmailDispatcher, EmailPolicy } from './email/delivery.ts';
import type { MailTransport } from './email/transport.ts';
import type { DeliveryPolicy } from './events/catalog.ts';
import type { WebhookDispatcher } from './events/delivery.ts';
import type { Jobs } from './jobs/jobs.ts';
import type { RunDefinitions, RunPolicy } from './runs/definitions.ts';
import type { EagerRuns } from './runs/eager.ts';

/**
 * What every use case needs, passed in rather than imported: services take the context (and,
 * inside a transaction, the transaction handle) so tests can build one on any database. The
 * composition fills it; nothing below the composition imports a capability to find it.
 */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  jobs: Jobs;
  regions: Region[];
  mail: MailTransport;
  log: FastifyBaseLogger;
  /** The current time; tests move it to exercise expiry. */
  now: () => Date;
  /** How background runs retry failing steps. */
  runPolicy: RunPolicy;
  /** How webhook deliveries retry. */
  deliveryPolicy: DeliveryPolicy;
  /** How email delivery retries. */
  emailPolicy: EmailPolicy;
  /** Sends the email this process queues, and its share of the rest. */
  emails: EmailDispatcher;
  /** Sends this process's share of webhook deliveries (idle unless workers wake it). */
  webhooks: WebhookDispatcher;
  /** Every kind of background run and its steps (assembled by the composition). */
  runs: RunDefinitions<AppContext>;
  /** Where this process runs workers: the runs it starts are worked here at once. */
  eagerRuns?: EagerRuns | undefined;
};
