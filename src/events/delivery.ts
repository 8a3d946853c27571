import { recordAudit, systemOrigin } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { OutboundError, type OutboundResponse, postJson } from '../outbound/request.ts';
import { type DeliveryPolicy, failingEndpointDisableMs, maxDeliveryAttempts } from './catalog.ts';
import { deliverWebhookJob } from './jobs.ts';
import {
  claimDelivery,
  disableEndpoint,
  dueChainHeads,
  findDelivery,
  findEvent,
  hasEarlierInChain,
  inFlightCount,
  leasedDeliveries,
  lockEndpoint,
  markEndpointFailing,
  markEndpointSucceeded,
  nextInChain,
  settleAttempt,
} from './queries.ts';
import { signedHeaders } from './signing.ts';

export type DeliveryContext = {
  db: Db;
  jobs: Jobs;
  now(): Date;
  config: Pick<Config, 'webhooks'>;
  deliveryPolicy: DeliveryPolicy;
  log: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
  };
};

/** At most this many attempts to one endpoint at a time, so a slow receiver holds few workers. */
const maxInFlightPerEndpoint = 4;
const responseBodyLimit = 1024;

type Claimed = { delivery: WebhookDeliveryRow; endpoint: WebhookEndpointRow; body: string };

/** The secrets that sign now: the current one, and the previous one during its 24 hours of grace. */
function signingSecrets(endpoint: WebhookEndpointRow, now: Date): string[] {
  return endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now
    ? [endpoint.secret, endpoint.previousSecret]
    : [endpoint.secret];
}

/**
 * One attempt at one delivery. The claim (a short transaction with the endpoint locked) makes
 * sure the delivery is due, heads its chain (an earlier event of the same organization goes
 * first), and that the endpoint is enabled and not saturated; the POST happens outside any
 * transaction; the outcome is recorded only if this attempt still holds the delivery.
 */
export async function deliverWebhook(ctx: DeliveryContext, deliveryId: string): Promise<void> {
  const claimed = await claim(ctx, deliveryId);
  if (!claimed) return;
  const { delivery, endpoint, body } = claimed;
  const now = ctx.now();
  let outcome: { response: OutboundResponse } | { error: string };
  try {
    const response = await postJson(
      endpoint.url,
      body,
      signedHeaders(signingSecrets(endpoint, now), delivery.eventId, body, now),
      {
        timeoutMs: ctx.config.webhooks.timeoutMs,
        maxBodyBytes: responseBodyLimit,
        policy: ctx.config.webhooks.policy,
      },
    );
    outcome = { response };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    outcome = { error: error.message };
  }
  await settle(ctx, delivery, endpoint, outcome);
}

async function claim(ctx: DeliveryContext, deliveryId: string): Promise<Claimed | undefined> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const current = await findDelivery(tx, deliveryId);
    if (!current) return undefined;
    const endpoint = await lockEndpoint(tx, current.endpointId);
    // Disabled: its deliveries wait; enabling it again sends them.
    if (!endpoint?.enabled) return undefined;
    const delivery = await findDelivery(tx, deliveryId);
    if (!delivery) return undefined;
    const inFlight = delivery.status === 'delivering' && delivery.leasedUntil && delivery.leasedUntil > now;
    if (delivery.status === 'succeeded' || delivery.status === 'failed' || inFlight) return undefined;
    // Not yet due: the job that retries it is already scheduled.
    if (delivery.nextAttemptAt > now) return undefined;
    // The earlier delivery, once settled, starts this one.
    if (await hasEarlierInChain(tx, delivery)) return undefined;
    if ((await inFlightCount(tx, endpoint.id, now)) >= maxInFlightPerEndpoint) {
      await ctx.jobs.send(tx, deliverWebhookJob, { deliveryId }, { startAfter: 1 });
      return undefined;
    }
    const leasedUntil = new Date(now.getTime() + ctx.config.webhooks.timeoutMs + 5_000);
    const taken = await claimDelivery(tx, deliveryId, now, leasedUntil);
    if (!taken) return undefined;
    const event = await findEvent(tx, taken.eventId);
    if (!event) return undefined;
    return { delivery: taken, endpoint, body: JSON.stringify(event.payload) };
  });
}

async function settle(
  ctx: DeliveryContext,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow,
  outcome: { response: OutboundResponse } | { error: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const response = 'response' in outcome ? outcome.response : undefined;
    const recorded = {
      responseStatus: response?.status ?? null,
      responseBody: response?.body ?? null,
      latencyMs: response?.latencyMs ?? null,
      lastError:
        'error' in outcome ? outcome.error : response && !ok(response) ? `HTTP ${response.status}` : null,
    };
    if (response && ok(response)) {
      const settled = await settleAttempt(tx, delivery.id, delivery.attempts, {
        ...recorded,
        status: 'succeeded',
        deliveredAt: now,
      });
      if (!settled) return;
      await markEndpointSucceeded(tx, endpoint.id);
      await startNextInChain(tx, ctx, settled);
      ctx.log.info(
        { deliveryId: delivery.id, endpointId: endpoint.id, status: response.status },
        'webhook delivered',
      );
      return;
    }
    const gone = response?.status === 410;
    const final = gone || delivery.attempts >= maxDeliveryAttempts;
    const delayMs = final ? 0 : ctx.deliveryPolicy.retryDelayMs(delivery.attempts);
    const settled = await settleAttempt(tx, delivery.id, delivery.attempts, {
      ...recorded,
      status: final ? 'failed' : 'pending',
      nextAttemptAt: new Date(now.getTime() + delayMs),
    });
    if (!settled) return;
    ctx.log.warn(
      {
        deliveryId: delivery.id,
        endpointId: endpoint.id,
        attempt: delivery.attempts,
        final,
        error: recorded.lastError,
      },
      'webhook delivery failed',
    );
    if (final) await startNextInChain(tx, ctx, settled);
    else {
      await ctx.jobs.send(
        tx,
        deliverWebhookJob,
        { deliveryId: delivery.id },
        {
          startAfter: Math.max(1, Math.round(delayMs / 1000)),
        },
      );
    }
    if (gone) return disable(tx, ctx, endpoint, 'gone', now);
    const failing = await markEndpointFailing(tx, endpoint.id, now);
    if (failing?.failingSince && now.getTime() - failing.failingSince.getTime() >= failingEndpointDisableMs) {
      await disable(tx, ctx, endpoint, 'failing', now);
    }
  });
}

function ok(response: OutboundResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

async function startNextInChain(tx: Db, ctx: DeliveryContext, settled: WebhookDeliveryRow) {
  const next = await nextInChain(tx, settled);
  if (next) await ctx.jobs.send(tx, deliverWebhookJob, { deliveryId: next.id });
}

/** 410 Gone, or five days of failures: the endpoint stops receiving until staff enable it again. */
async function disable(
  tx: Db,
  ctx: DeliveryContext,
  endpoint: WebhookEndpointRow,
  reason: 'gone' | 'failing',
  now: Date,
) {
  const disabled = await disableEndpoint(tx, endpoint.id, reason, now);
  if (!disabled) return;
  ctx.log.warn({ endpointId: endpoint.id, reason }, 'webhook endpoint disabled');
  await recordAudit(tx, systemOrigin, {
    action: 'webhook_endpoint.disabled',
    data: { endpointId: endpoint.id, url: endpoint.url, reason },
  });
}

/**
 * Kicks every chain head that is due and not in flight, and schedules a look at deliveries a
 * dead process still holds, for when their lease lapses. At start-up and every minute: a crash
 * or a lost job delays a delivery, never loses it.
 */
export async function resumeDeliveries(
  ctx: Pick<DeliveryContext, 'db' | 'jobs' | 'now'>,
  options: { endpointId?: string } = {},
): Promise<number> {
  const now = ctx.now();
  const due = await dueChainHeads(ctx.db, now, options);
  const leased = options.endpointId ? [] : await leasedDeliveries(ctx.db, now);
  if (due.length === 0 && leased.length === 0) return 0;
  await ctx.db.transaction(async (tx) => {
    for (const deliveryId of due) await ctx.jobs.send(tx, deliverWebhookJob, { deliveryId });
    for (const { id, leasedUntil } of leased) {
      const seconds = Math.max(1, Math.ceil(((leasedUntil?.getTime() ?? 0) - now.getTime()) / 1000) + 1);
      await ctx.jobs.send(tx, deliverWebhookJob, { deliveryId: id }, { startAfter: seconds });
    }
  });
  return due.length + leased.length;
}
