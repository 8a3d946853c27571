import { productName } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { SubscriptionRow } from '../db/schema.ts';
import { type RenderedEmail, renderEmail } from '../email/layout.ts';
import { queueEmailAtCommit } from '../email/outbox.ts';
import { type Locale, translator } from '../i18n/index.ts';
import { hashToken, newSecretToken } from '../security/tokens.ts';
import { insertActivationToken, replaceLiveActivationTokens } from './queries.ts';

/** SPEC: an activation link works once and expires after 30 days. */
const activationLinkLifetimeMs = 30 * 24 * 3600_000;

type ActivationEmailData = {
  contactName: string;
  company: string;
  kind: 'trial' | 'paid';
  trialDays: number | null;
  currency: string | null;
  ratePlan: string | null;
  products: { sku: string; quantity: number }[];
  activationUrl: string;
  requestUrl: string;
  expiresAt: Date;
};

/** "Activate your Onramp features": company, products, trial or paid, expiry, the link, what to do if it fails. */
function renderActivationEmail(locale: Locale, data: ActivationEmailData): RenderedEmail {
  const t = translator(locale);
  return renderEmail(locale, t('email.activation.subject'), [
    { kind: 'paragraph', text: t('email.activation.greeting', { name: data.contactName }) },
    { kind: 'paragraph', text: t('email.activation.intro', { company: data.company }) },
    { kind: 'heading', text: t('email.activation.summary') },
    {
      kind: 'list',
      items: data.products.map((p) =>
        t('email.activation.product', { name: productName(p.sku), quantity: p.quantity }),
      ),
    },
    {
      kind: 'paragraph',
      text:
        data.kind === 'trial'
          ? t('email.activation.trial', { days: data.trialDays ?? 0 })
          : t('email.activation.paid', { ratePlan: data.ratePlan ?? '', currency: data.currency ?? '' }),
    },
    { kind: 'button', label: t('email.activation.button'), url: data.activationUrl },
    { kind: 'paragraph', text: t('email.activation.expiry', { date: data.expiresAt }) },
    { kind: 'small', text: t('email.activation.help', { requestUrl: data.requestUrl }) },
  ]);
}

/**
 * Issues a new activation link for the subscription (the live one stops working) and queues the
 * activation email carrying it, in the caller's transaction. Only the token's hash is stored:
 * the link exists in the email and nowhere else (the URL is returned for the demo banner only).
 */
export async function sendActivationLink(
  tx: Db,
  ctx: Pick<AppContext, 'jobs' | 'emails' | 'now' | 'config'>,
  subscription: SubscriptionRow,
  products: { sku: string; quantity: number }[],
  now: Date,
): Promise<{ url: string; expiresAt: Date; tokenId: string }> {
  await replaceLiveActivationTokens(tx, subscription.id, now);
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + activationLinkLifetimeMs);
  const tokenId = await insertActivationToken(tx, {
    subscriptionId: subscription.id,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt,
  });
  const url = `${ctx.config.publicUrl}/activate/${token}`;
  await queueEmailAtCommit(tx, ctx, {
    eventKey: `activation-link:${tokenId}`,
    template: 'activation',
    locale: subscription.locale,
    to: subscription.contactEmail,
    subscriptionId: subscription.id,
    content: renderActivationEmail(subscription.locale, {
      ...subscription,
      products,
      activationUrl: url,
      requestUrl: `${ctx.config.publicUrl}/activate`,
      expiresAt,
    }),
    // Receivers learn of it when it is out, not when it is queued.
    sentEvent: {
      type: 'activation.email_sent',
      subscriptionId: subscription.id,
      organizationId: null,
      data: {
        subscriptionId: subscription.id,
        company: subscription.company,
        to: subscription.contactEmail,
        locale: subscription.locale,
        expiresAt: expiresAt.toISOString(),
      },
    },
  });
  return { url, expiresAt, tokenId };
}
