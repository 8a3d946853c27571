import { recordAudit, systemOrigin } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { EventPayload, WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.ts';
import { Dispatcher } from '../jobs/dispatcher.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { OutboundError, type OutboundResponse, postJson } from '../outbound/request.ts';
import { type DeliveryPolicy, failingEndpointDisableMs, maxDeliveryAttempts } from './catalog.ts';
import { dispatchWebhooksJob } from './jobs.ts';
import {
  claimDueDeliveries,
  disableEndpoint,
  markEndpointFailing,
  markEndpointSucceeded,
  nextWaitingAt,
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
    error(object: object, message: string): void;
  };
};

/** Attempts one process makes at once, and at most this many to one endpoint (all processes). */
const inFlightPerProcess = 64;
const inFlightPerEndpoint = 16;
const responseBodyLimit = 1024;

type Claimed = { delivery: WebhookDeliveryRow; endpoint: WebhookEndpointRow; body: string };

/** The secrets that sign now: the current one, and the previous one during its 24 hours of grace. */
function signingSecrets(endpoint: WebhookEndpointRow, now: Date): string[] {
  return endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now
    ? [endpoint.secret, endpoint.previousSecret]
    : [endpoint.secret];
}

/**
 * Delivers webhooks from this process. Woken by the commit of a new event's deliveries (here or
 * in another process: see `Dispatcher`) and by jobs (a retry falling due, the minute sweep), it
 * claims due chain heads from the database in batches and sends each outside any transaction.
 */
export class WebhookDispatcher extends Dispatcher<Claimed> {
  constructor(ctx: DeliveryContext) {
    super(
      webhookChannel,
      {
        limit: inFlightPerProcess,
        claim: (free) => claim(ctx, free),
        // A settled delivery may free the next of its chain, or a place its endpoint lacked.
        work: async (one) => {
          await deliverClaimed(ctx, one);
          return true;
        },
        describe: (one) => ({ deliveryId: one.delivery.id }),
        log: ctx.log,
      },
      ctx.db,
    );
  }
}

/** The channel on which a commit that made deliveries wakes the processes that deliver them. */
const webhookChannel = 'onramp_webhooks_due';

async function claim(ctx: DeliveryContext, limit: number): Promise<Claimed[]> {
  const now = ctx.now();
  const claimed = await claimDueDeliveries(ctx.db, {
    now,
    leasedUntil: new Date(now.getTime() + ctx.config.webhooks.timeoutMs + 5_000),
    limit,
    perEndpoint: inFlightPerEndpoint,
  });
  return claimed.map(({ delivery, endpoint, payload }) => ({ delivery, endpoint, body: bodyOf(payload) }));
}

function bodyOf(payload: EventPayload): string {
  return JSON.stringify(payload);
}

/** One attempt: the signed POST (outside any transaction), then its outcome recorded. */
async function deliverClaimed(ctx: DeliveryContext, claimed: Claimed): Promise<void> {
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

function ok(response: OutboundResponse): boolean {
  return response.status >= 200 && response.status < 300;
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
      if (settled && endpoint.failingSince) await markEndpointSucceeded(tx, endpoint.id);
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
    // Some process looks again when the retry falls due.
    if (!final) {
      await ctx.jobs.send(
        tx,
        dispatchWebhooksJob,
        {},
        { startAfter: Math.max(1, Math.ceil(delayMs / 1000)) },
      );
    }
    if (gone) return disable(tx, ctx, endpoint, 'gone', now);
    const failing = await markEndpointFailing(tx, endpoint.id, now);
    if (failing?.failingSince && now.getTime() - failing.failingSince.getTime() >= failingEndpointDisableMs) {
      await disable(tx, ctx, endpoint, 'failing', now);
    }
  });
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
 * At start-up and every minute: wake now for what is due, and schedule a look for when the
 * next retry falls due or a lease held by a dead process lapses. A crash or a lost job delays
 * a delivery, never loses it.
 */
export async function resumeDeliveries(
  ctx: Pick<DeliveryContext, 'db' | 'jobs' | 'now'>,
  dispatcher: WebhookDispatcher,
) {
  dispatcher.wake();
  const next = await nextWaitingAt(ctx.db);
  if (!next) return;
  const seconds = Math.ceil((next.getTime() - ctx.now().getTime()) / 1000);
  if (seconds > 0 && seconds < 120) {
    await ctx.db.transaction((tx) => ctx.jobs.send(tx, dispatchWebhooksJob, {}, { startAfter: seconds + 1 }));
  }
}
