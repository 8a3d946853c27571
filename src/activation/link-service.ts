import { type Origin, recordAudit } from '../audit/audit.ts';
import { featuresForProducts, findProduct, productName } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import { countHit } from '../rate-limit/queries.ts';
import { sendActivationLink } from '../subscriptions/activation-email.ts';
import {
  activationTokenHistory,
  findSubscription,
  pendingSubscriptionsForContact,
  productsOf,
} from '../subscriptions/queries.ts';
import { activationEmailRequestJob } from './jobs.ts';
import { resolveActivationLink } from './links.ts';

/** What the holder of a live activation link may see: the subscription it activates. */
export async function describeActivationLink(ctx: Pick<AppContext, 'db' | 'now'>, token: string) {
  const { token: link, subscription } = await resolveActivationLink(ctx.db, token, ctx.now());
  const products = (await productsOf(ctx.db, [subscription.id])).get(subscription.id) ?? [];
  return {
    company: subscription.company,
    contactName: subscription.contactName,
    contactEmail: subscription.contactEmail,
    locale: subscription.locale,
    kind: subscription.kind,
    trialDays: subscription.trialDays,
    currency: subscription.currency,
    ratePlan: subscription.ratePlan,
    products: products.map((p) => ({
      sku: p.sku,
      name: productName(p.sku),
      quantity: p.quantity,
      features: findProduct(p.sku)?.features ?? [],
    })),
    features: featuresForProducts(products.map((p) => p.sku)).map((f) => f.key),
    expiresAt: link.expiresAt,
    status: 'pending' as const,
  };
}

/** At most this many self-service requests per address per hour actually send anything. */
const requestsPerAddressPerHour = 3;
/** A link issued this recently is not replaced by a self-service request (double submits, retries). */
const minimumLinkAgeMs = 5 * 60_000;

/**
 * "I lost the email": the answer is the same whether or not the address is known, so the lookup
 * and the sending happen in a background job and the request only queues it.
 */
export async function requestActivationEmail(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  email: string,
  origin: Origin,
): Promise<void> {
  const normalized = email.trim().toLowerCase();
  const { hits } = await countHit(ctx.db, `activation-request:${normalized}`, 3600_000);
  if (hits > requestsPerAddressPerHour) return;
  await ctx.db.transaction((tx) =>
    ctx.jobs.send(tx, activationEmailRequestJob, { email: normalized, requestId: origin.requestId ?? null }),
  );
}

/** The job behind `requestActivationEmail`: re-sends the link of every pending subscription of that contact. */
export async function sendRequestedActivationEmails(
  ctx: Pick<AppContext, 'db' | 'jobs' | 'emails' | 'config' | 'now'>,
  email: string,
  requestId: string | null,
): Promise<number> {
  const origin: Origin = { actor: { type: 'anonymous' }, ...(requestId ? { requestId } : {}) };
  let sent = 0;
  for (const candidate of await pendingSubscriptionsForContact(ctx.db, email)) {
    const now = ctx.now();
    sent += await ctx.db.transaction(async (tx) => {
      const subscription = await findSubscription(tx, candidate.id, { forUpdate: true });
      if (subscription?.status !== 'pending') return 0;
      const [latest] = await activationTokenHistory(tx, subscription.id);
      if (latest && now.getTime() - latest.createdAt.getTime() < minimumLinkAgeMs) return 0;
      const products = (await productsOf(tx, [subscription.id])).get(subscription.id) ?? [];
      const { expiresAt } = await sendActivationLink(tx, ctx, subscription, products, now);
      await recordAudit(tx, origin, {
        action: 'subscription.activation_email_requested',
        subscriptionId: subscription.id,
        data: { expiresAt: expiresAt.toISOString() },
      });
      return 1;
    });
  }
  return sent;
}
