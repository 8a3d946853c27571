import { type Origin, recordAudit } from '../audit/audit.ts';
import { productName } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import type { SubscriptionRow } from '../db/schema.ts';
import { listEmails } from '../email/queries.ts';
import { AppError, validationError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { staffName } from '../staff/queries.ts';
import { storedChecks } from '../verification/queries.ts';
import { sendActivationLink } from './activation-email.ts';
import {
  activationTokenHistory,
  findSubscription,
  insertSubscription,
  insertSubscriptionProducts,
  type ListCursor,
  listSubscriptionRows,
  organizationOfSubscription,
  productsOf,
  updateSubscriptionStatus,
} from './queries.ts';
import type { SubscriptionInput } from './schemas.ts';

export type ProductLine = { sku: string; name: string; quantity: number };

export function toSummary(row: SubscriptionRow, products: { sku: string; quantity: number }[]) {
  return {
    id: row.id,
    status: row.status,
    company: row.company,
    contact: { name: row.contactName, email: row.contactEmail },
    locale: row.locale,
    kind: row.kind,
    trialDays: row.trialDays,
    currency: row.currency,
    ratePlan: row.ratePlan,
    products: products.map((p): ProductLine => ({ ...p, name: productName(p.sku) })),
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    cancelledAt: row.cancelledAt,
  };
}

/** What receivers learn of a subscription: everything a CRM or billing system needs to act. */
function subscriptionEvent(row: SubscriptionRow, products: { sku: string; quantity: number }[]) {
  const { id, ...summary } = toSummary(row, products);
  return { subscriptionId: id, ...summary };
}

/**
 * Creates a subscription and, in the same transaction, its first activation token, the
 * activation email in the outbox, and the audit event. Returns the token for the demo only:
 * the API never shows it, it travels by email.
 */
export async function createSubscription(
  ctx: Pick<AppContext, 'db' | 'jobs' | 'emails' | 'webhooks' | 'config' | 'now'>,
  input: SubscriptionInput,
  origin: Origin,
) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await insertSubscription(tx, {
      company: input.company,
      contactName: input.contact.name,
      contactEmail: input.contact.email,
      locale: input.locale,
      kind: input.kind,
      trialDays: input.kind === 'trial' ? (input.trialDays ?? null) : null,
      currency: input.kind === 'paid' ? (input.currency ?? null) : null,
      ratePlan: input.kind === 'paid' ? (input.ratePlan ?? null) : null,
      createdBy: origin.actor.type === 'staff' ? origin.actor.id : null,
      createdAt: now,
      updatedAt: now,
    });
    const products = input.products.map((p) => ({ sku: p.sku, quantity: p.quantity }));
    await insertSubscriptionProducts(tx, row.id, products);
    const link = await sendActivationLink(tx, ctx, row, products, now);
    await recordAudit(tx, origin, {
      action: 'subscription.created',
      subscriptionId: row.id,
      data: { after: toSummary(row, products) },
    });
    await recordEvent(tx, ctx, {
      type: 'subscription.created',
      subscriptionId: row.id,
      data: subscriptionEvent(row, products),
    });
    return { subscription: toSummary(row, products), activation: link };
  });
}

/** Issues a new activation token (the old link dies) and queues a new email. */
export async function resendActivationEmail(
  ctx: Pick<AppContext, 'db' | 'jobs' | 'emails' | 'webhooks' | 'config' | 'now'>,
  subscriptionId: string,
  origin: Origin,
) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // The row lock serializes concurrent re-sends, so exactly one token stays live.
    const row = await findSubscription(tx, subscriptionId, { forUpdate: true });
    if (!row) throw new AppError('SUBSCRIPTION_NOT_FOUND');
    if (row.status !== 'pending') {
      throw new AppError('SUBSCRIPTION_NOT_PENDING', {
        params: { status: row.status },
        details: { status: row.status },
      });
    }
    const products = (await productsOf(tx, [row.id])).get(row.id) ?? [];
    const link = await sendActivationLink(tx, ctx, row, products, now);
    await recordAudit(tx, origin, {
      action: 'subscription.activation_email_resent',
      subscriptionId: row.id,
      data: { expiresAt: link.expiresAt.toISOString() },
    });
    return {
      id: row.id,
      status: row.status,
      activationLink: { expiresAt: link.expiresAt },
      activation: link,
    };
  });
}

export async function listSubscriptions(
  ctx: Pick<AppContext, 'db'>,
  query: { status?: SubscriptionRow['status']; q?: string; cursor?: string; limit: number },
) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await listSubscriptionRows(ctx.db, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const products = await productsOf(
    ctx.db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => toSummary(row, products.get(row.id) ?? [])),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

function decodeCursor(value: string): ListCursor {
  const [date, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(date ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw validationError({ path: 'querystring.cursor', message: 'is not a cursor this list returned' });
  }
  return { createdAt, id };
}

/** One subscription with its activation link state, organization, emails and checks. */
export async function getSubscription(ctx: Pick<AppContext, 'db' | 'now'>, id: string) {
  const row = await findSubscription(ctx.db, id);
  if (!row) throw new AppError('SUBSCRIPTION_NOT_FOUND');
  const products = (await productsOf(ctx.db, [id])).get(id) ?? [];
  const tokens = await activationTokenHistory(ctx.db, id);
  const latest = tokens[0];
  const now = ctx.now();
  const organization = await organizationOfSubscription(ctx.db, id);
  return {
    ...toSummary(row, products),
    activationLink: latest
      ? {
          issuedAt: latest.createdAt,
          expiresAt: latest.expiresAt,
          usedAt: latest.usedAt,
          state: latest.usedAt
            ? ('used' as const)
            : latest.expiresAt <= now
              ? ('expired' as const)
              : ('live' as const),
          issuedCount: tokens.length,
        }
      : null,
    organization: organization ?? null,
    cancellation:
      row.status === 'cancelled' && row.cancelledAt
        ? {
            at: row.cancelledAt,
            by: await staffName(ctx.db, row.cancelledBy),
            reason: row.cancellationReason,
          }
        : null,
    checks: organization ? await storedChecks(ctx.db, organization.id) : [],
    emails: await listEmails(ctx.db, { subscriptionId: id }),
  };
}

/** Cancels a subscription that is not activated yet: its activation link then answers "cancelled". */
export async function cancelSubscription(
  ctx: Pick<AppContext, 'db' | 'now' | 'jobs' | 'webhooks'>,
  subscriptionId: string,
  reason: string | undefined,
  origin: Origin,
) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // Locked like an activation locks it: a cancellation and an activation never both win.
    const row = await findSubscription(tx, subscriptionId, { forUpdate: true });
    if (!row) throw new AppError('SUBSCRIPTION_NOT_FOUND');
    if (row.status === 'cancelled')
      return { id: row.id, status: row.status, cancelledAt: row.cancelledAt ?? now };
    if (row.status !== 'pending') {
      throw new AppError('SUBSCRIPTION_NOT_PENDING', {
        params: { status: row.status },
        details: { status: row.status },
      });
    }
    await updateSubscriptionStatus(tx, row.id, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: origin.actor.type === 'staff' ? origin.actor.id : null,
      cancellationReason: reason ?? null,
      updatedAt: now,
    });
    await recordAudit(tx, origin, {
      action: 'subscription.cancelled',
      subscriptionId: row.id,
      data: { before: { status: 'pending' }, after: { status: 'cancelled' }, reason: reason ?? null },
    });
    const products = (await productsOf(tx, [row.id])).get(row.id) ?? [];
    await recordEvent(tx, ctx, {
      type: 'subscription.cancelled',
      subscriptionId: row.id,
      data: {
        ...subscriptionEvent({ ...row, status: 'cancelled', cancelledAt: now }, products),
        reason: reason ?? null,
      },
    });
    return { id: row.id, status: 'cancelled' as const, cancelledAt: now };
  });
}
