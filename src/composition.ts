import { nameReminderJob, passwordResetJob } from './accounts/jobs.ts';
import { sendNameReminder } from './accounts/name-reminder.ts';
import { sendPasswordResets } from './accounts/password-reset.ts';
import { accountRoutes } from './accounts/routes.ts';
import { authenticateCustomerSession } from './accounts/service.ts';
import { activationEmailRequestJob } from './activation/jobs.ts';
import { activationLinkRoutes } from './activation/link-routes.ts';
import { sendRequestedActivationEmails } from './activation/link-service.ts';
import { provisioningRun } from './activation/provisioning.ts';
import { activationRoutes } from './activation/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import type { Config } from './config.ts';
import type { Connector } from './connectors/config.ts';
import { connectorRoutes } from './connectors/routes.ts';
import { connectorStep } from './connectors/step.ts';
import type { AppContext } from './context.ts';
import { resumeEmails } from './email/delivery.ts';
import { dispatchEmailsJob } from './email/jobs.ts';
import { pruneMailbox } from './email/mailbox.ts';
import { mailboxRoutes } from './email/routes.ts';
import { resumeDeliveries } from './events/delivery.ts';
import { dispatchWebhooksJob } from './events/jobs.ts';
import { homeRoutes } from './home/routes.ts';
import type { Authenticators } from './http/auth.ts';
import type { RouteModule } from './http/routes.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { handleJob, type JobHandler } from './jobs/jobs.ts';
import { maintenanceJob } from './maintenance/jobs.ts';
import { deleteExpiredSessions } from './maintenance/queries.ts';
import { vacuumWhereDue } from './maintenance/vacuum.ts';
import { deleteExpiredCounters } from './rate-limit/queries.ts';
import type { RunDefinition, RunDefinitions } from './runs/definitions.ts';
import { advanceRun } from './runs/engine.ts';
import { resumeRuns } from './runs/failure.ts';
import { runAdvanceJob } from './runs/jobs.ts';
import { deleteStaleSignInFailures } from './security/queries.ts';
import { setupRoutes } from './setup/routes.ts';
import { setupRun } from './setup/run.ts';
import { shortNameRoutes } from './short-name/routes.ts';
import { staffRoutes } from './staff/routes.ts';
import { authenticateStaffApiToken, authenticateStaffSession } from './staff/service.ts';
import { deleteExpiredSsoRequests } from './staff-sso/queries.ts';
import { staffSsoRoutes } from './staff-sso/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { supportRoutes } from './support/routes.ts';
import { verificationChecksJob } from './verification/jobs.ts';
import { verificationRoutes } from './verification/routes.ts';
import { runScheduledChecks } from './verification/service.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { pruneDeliveryLog } from './webhooks/service.ts';

/**
 * The composition: the one place that knows every capability. It lists the HTTP routes, pairs
 * each job declaration with its handler, assembles the background runs, and tells the HTTP layer
 * how to authenticate. Everything below it (http/, jobs/, runs/, email/) receives these lists
 * and imports no capability; no capability imports this file.
 */

/** Every route module, mounted under `/api/v1` in this order. */
export function routeModules(config: Pick<Config, 'devMailbox'>): RouteModule[] {
  return [
    catalogRoutes,
    staffRoutes,
    staffSsoRoutes,
    subscriptionRoutes,
    activationLinkRoutes,
    activationRoutes,
    shortNameRoutes,
    accountRoutes,
    homeRoutes,
    setupRoutes,
    invitationRoutes,
    verificationRoutes,
    supportRoutes,
    webhookRoutes,
    connectorRoutes,
    ...(config.devMailbox ? [mailboxRoutes] : []),
  ];
}

/** Every job this application runs, with its handler; each worker process works all of them. */
export const jobHandlers: readonly JobHandler<AppContext>[] = [
  handleJob(dispatchEmailsJob, async (_data, ctx: AppContext) => ctx.emails.wake()),
  handleJob(activationEmailRequestJob, async ({ email, requestId }, ctx: AppContext) => {
    await sendRequestedActivationEmails(ctx, email, requestId);
  }),
  handleJob(runAdvanceJob, async ({ runId }, ctx: AppContext) => {
    await advanceRun(ctx, runId);
  }),
  handleJob(nameReminderJob, (data, ctx: AppContext) => sendNameReminder(ctx, data)),
  handleJob(passwordResetJob, (data, ctx: AppContext) => sendPasswordResets(ctx, data)),
  handleJob(verificationChecksJob, (data, ctx: AppContext) => runScheduledChecks(ctx, data)),
  handleJob(dispatchWebhooksJob, async (_data, ctx: AppContext) => ctx.webhooks.wake()),
  handleJob(maintenanceJob, (_data, ctx: AppContext) => maintain(ctx)),
];

/**
 * The minute's upkeep (`maintenanceJob`): tables kept small, stalled work resumed, the webhook
 * delivery log kept to its retention and the local mailbox to its newest messages, and tables
 * vacuumed and analyzed where no autovacuum does it.
 */
export async function maintain(ctx: AppContext): Promise<void> {
  await deleteExpiredCounters(ctx.db);
  await deleteExpiredSessions(ctx.db, ctx.now());
  await deleteStaleSignInFailures(ctx.db, ctx.now());
  await deleteExpiredSsoRequests(ctx.db, ctx.now());
  await resumeRuns(ctx, { staleForMs: 120_000 });
  await resumeDeliveries(ctx, ctx.webhooks);
  await resumeEmails(ctx, ctx.emails);
  await pruneDeliveryLog(ctx);
  await pruneMailbox(ctx.db);
  // Last: what the steps above deleted is vacuumed away in the same minute.
  await vacuumWhereDue(ctx.database);
}

/** Every job's declaration: the queues to create, in processes that send as well as those that work. */
export const jobDeclarations = jobHandlers.map((handler) => handler.job);

/**
 * The background runs and their steps: the built-in ones, with each connector of
 * CONNECTORS_FILE just before its run's last step (the organization is ready, or setup done,
 * only once every external system has done its part).
 */
export function runDefinitions(connectors: readonly Connector[]): RunDefinitions<AppContext> {
  const withConnectors = (definition: RunDefinition<AppContext>): RunDefinition<AppContext> => {
    const external = connectors.filter((c) => c.run === definition.kind).map(connectorStep);
    const steps = [...definition.steps];
    const last = steps.pop();
    return { ...definition, steps: [...steps, ...external, ...(last ? [last] : [])] };
  };
  return { provisioning: withConnectors(provisioningRun), setup: withConnectors(setupRun) };
}

/** How the HTTP layer turns cookies and tokens into principals. */
export function authenticators(ctx: AppContext): Authenticators {
  return {
    staffSession: (token) => authenticateStaffSession(ctx, token),
    staffToken: (token) => authenticateStaffApiToken(ctx, token),
    customerSession: (token) => authenticateCustomerSession(ctx, token),
  };
}
