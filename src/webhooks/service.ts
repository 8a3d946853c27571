import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { DeliveryStatus, WebhookEndpointRow } from '../db/schema.ts';
import { AppError, validationError } from '../errors.ts';
import { recordTestEvent } from '../events/record.ts';
import { newWebhookSecret } from '../events/signing.ts';
import { checkTargetUrl, type UrlProblem } from '../outbound/request.ts';
import {
  type DeliveryCounts,
  deleteEndpoint,
  deleteSettledDeliveries,
  deliveriesOf,
  deliveryCounts,
  findDeliveryForUpdate,
  findEndpoint,
  insertEndpoint,
  listEndpointRows,
  requeueDelivery,
  updateEndpoint,
} from './queries.ts';

type Ctx = Pick<AppContext, 'db' | 'jobs' | 'webhooks' | 'now' | 'config'>;

/** How long the replaced secret keeps signing after a rotation, so receivers can switch over. */
const rotationGraceMs = 24 * 3600_000;

const urlProblems: Record<UrlProblem, string> = {
  invalid: 'must be a full URL, such as https://example.com/webhooks',
  scheme: 'must start with https:// (or http:// outside production)',
  'https-required': 'must use https:// in production',
  'private-address': 'points at a private or loopback address, which is not allowed in production',
};

async function assertTargetUrl(ctx: Ctx, url: string) {
  const problem = await checkTargetUrl(url, ctx.config.webhooks.policy);
  if (problem) throw validationError({ path: 'body.url', message: urlProblems[problem], rule: problem });
}

function endpointView(row: WebhookEndpointRow, counts: DeliveryCounts | undefined, now: Date) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.enabled ? null : row.disabledReason,
    disabledAt: row.enabled ? null : row.disabledAt,
    failingSince: row.failingSince,
    previousSecretValidUntil:
      row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null,
    deliveries: {
      pending: counts?.pending ?? 0,
      succeeded: counts?.succeeded ?? 0,
      failed: counts?.failed ?? 0,
    },
    lastAttemptAt: counts?.lastAttemptAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function staffId(origin: Origin): string | null {
  return origin.actor.type === 'staff' ? origin.actor.id : null;
}

/** Registers an endpoint; the answer carries its signing secret, which is never shown again. */
export async function createEndpoint(
  ctx: Ctx,
  input: { url: string; events: string[]; description?: string | undefined },
  origin: Origin,
) {
  await assertTargetUrl(ctx, input.url);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await insertEndpoint(tx, {
      url: input.url,
      description: input.description ?? null,
      eventTypes: input.events,
      secret: newWebhookSecret(),
      createdBy: staffId(origin),
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, origin, {
      action: 'webhook_endpoint.created',
      data: { endpointId: row.id, url: row.url, events: row.eventTypes },
    });
    return { ...endpointView(row, undefined, now), secret: row.secret };
  });
}

export async function listEndpoints(ctx: Pick<AppContext, 'db' | 'now'>) {
  const [rows, counts] = await Promise.all([listEndpointRows(ctx.db), deliveryCounts(ctx.db)]);
  const byEndpoint = new Map(counts.map((c) => [c.endpointId, c]));
  return rows.map((row) => endpointView(row, byEndpoint.get(row.id), ctx.now()));
}

async function existing(db: Db, id: string, forUpdate = false) {
  const row = await findEndpoint(db, id, { forUpdate });
  if (!row) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return row;
}

export async function getEndpoint(ctx: Pick<AppContext, 'db' | 'now'>, id: string) {
  const row = await existing(ctx.db, id);
  const [counts] = await deliveryCounts(ctx.db, id);
  return endpointView(row, counts, ctx.now());
}

/**
 * Changes an endpoint. Enabling it again clears why it was disabled and sends what waited for
 * it; disabling it holds its deliveries until then.
 */
export async function changeEndpoint(
  ctx: Ctx,
  id: string,
  patch: {
    url?: string | undefined;
    events?: string[] | undefined;
    enabled?: boolean | undefined;
    description?: string | null | undefined;
  },
  origin: Origin,
) {
  if (patch.url !== undefined) await assertTargetUrl(ctx, patch.url);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const before = await existing(tx, id, true);
    const enabling = patch.enabled === true && !before.enabled;
    const disabling = patch.enabled === false && before.enabled;
    const after = await updateEndpoint(tx, id, {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { eventTypes: patch.events } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
      ...(disabling ? { enabled: false, disabledAt: now, disabledReason: 'manual' as const } : {}),
      updatedAt: now,
    });
    await recordAudit(tx, origin, {
      action: 'webhook_endpoint.updated',
      data: {
        endpointId: id,
        before: { url: before.url, events: before.eventTypes, enabled: before.enabled },
        after: { url: after?.url, events: after?.eventTypes, enabled: after?.enabled },
      },
    });
    // What waited while it was disabled goes out now.
    if (enabling) await ctx.webhooks.wakeAtCommit(tx);
  });
  return getEndpoint(ctx, id);
}

/** Removes an endpoint and its delivery log. */
export async function removeEndpoint(ctx: Ctx, id: string, origin: Origin) {
  await ctx.db.transaction(async (tx) => {
    const before = await existing(tx, id, true);
    await deleteEndpoint(tx, id);
    await recordAudit(tx, origin, {
      action: 'webhook_endpoint.deleted',
      data: { endpointId: id, url: before.url },
    });
  });
}

/** A new signing secret; the old one keeps signing beside it for 24 hours. */
export async function rotateSecret(ctx: Ctx, id: string, origin: Origin) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const before = await existing(tx, id, true);
    const secret = newWebhookSecret();
    const previousSecretValidUntil = new Date(now.getTime() + rotationGraceMs);
    await updateEndpoint(tx, id, {
      secret,
      previousSecret: before.secret,
      previousSecretUntil: previousSecretValidUntil,
      updatedAt: now,
    });
    await recordAudit(tx, origin, {
      action: 'webhook_endpoint.secret_rotated',
      data: { endpointId: id, previousSecretValidUntil },
    });
    return { id, secret, previousSecretValidUntil };
  });
}

export async function listDeliveries(
  ctx: Pick<AppContext, 'db' | 'config'>,
  endpointId: string,
  query: { status?: DeliveryStatus | undefined; cursor?: string | undefined; limit: number },
) {
  await existing(ctx.db, endpointId);
  const rows = await deliveriesOf(ctx.db, endpointId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { beforeSeq: Number(query.cursor) } : {}),
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ delivery, eventType }) => ({
      id: delivery.id,
      eventId: delivery.eventId,
      eventType,
      status: delivery.status,
      attempts: delivery.attempts,
      responseStatus: delivery.responseStatus,
      responseBody: delivery.responseBody,
      latencyMs: delivery.latencyMs,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt,
      lastAttemptAt: delivery.lastAttemptAt,
      nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt : null,
      deliveredAt: delivery.deliveredAt,
    })),
    nextCursor: rows.length > query.limit && last ? String(last.delivery.seq) : null,
    retentionDays: ctx.config.webhooks.retentionDays,
  };
}

/** Sends a delivery again now (the same `webhook-id`, so receivers can tell it is a repeat). */
export async function retryDelivery(ctx: Ctx, deliveryId: string, origin: Origin) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const delivery = await findDeliveryForUpdate(tx, deliveryId);
    if (!delivery) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND');
    if (delivery.status === 'delivering' && delivery.leasedUntil && delivery.leasedUntil > now) {
      throw new AppError('WEBHOOK_DELIVERY_IN_FLIGHT');
    }
    await requeueDelivery(tx, delivery, now);
    await ctx.webhooks.wakeAtCommit(tx);
    await recordAudit(tx, origin, {
      action: 'webhook_delivery.retried',
      data: {
        deliveryId,
        endpointId: delivery.endpointId,
        eventId: delivery.eventId,
        before: { status: delivery.status },
      },
    });
    return { id: deliveryId, status: 'pending' as const };
  });
}

/** "Send test event": one `webhook.test` event to this endpoint. */
export async function sendTestEvent(ctx: Ctx, endpointId: string, origin: Origin) {
  return ctx.db.transaction(async (tx) => {
    const endpoint = await existing(tx, endpointId);
    if (!endpoint.enabled) throw new AppError('WEBHOOK_ENDPOINT_DISABLED');
    const sent = await recordTestEvent(tx, ctx, endpointId);
    await recordAudit(tx, origin, { action: 'webhook_endpoint.tested', data: { endpointId, ...sent } });
    return sent;
  });
}

/**
 * The minute's upkeep of the delivery log: deliveries that ended more than WEBHOOK_RETENTION_DAYS
 * ago leave it, oldest first, in batches of `batch` up to `batches` per call, so one call never
 * holds the database long and the next minute's catches up. Waiting deliveries stay, however old.
 * How many it removed.
 */
export async function pruneDeliveryLog(
  ctx: Pick<AppContext, 'db' | 'now' | 'config' | 'log'>,
  limits = { batch: 1000, batches: 20 },
): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - ctx.config.webhooks.retentionDays * 24 * 3600_000);
  let removed = 0;
  for (let i = 0; i < limits.batches; i++) {
    const batch = await deleteSettledDeliveries(ctx.db, cutoff, limits.batch);
    removed += batch;
    if (batch < limits.batch) break;
  }
  if (removed > 0)
    ctx.log.info({ removed, endedBefore: cutoff }, 'webhook deliveries past their retention removed');
  return removed;
}
