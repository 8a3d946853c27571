import { findProduct } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { type RenderedEmail, renderEmail } from '../email/layout.ts';
import { queueEmail } from '../email/outbox.ts';
import { type Locale, translate } from '../i18n/index.ts';

export type ActivationEmailData = {
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
export function renderActivationEmail(locale: Locale, data: ActivationEmailData): RenderedEmail {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate(locale, key, params);
  return renderEmail(locale, t('email.activation.subject'), [
    { kind: 'paragraph', text: t('email.activation.greeting', { name: data.contactName }) },
    { kind: 'paragraph', text: t('email.activation.intro', { company: data.company }) },
    { kind: 'heading', text: t('email.activation.summary') },
    {
      kind: 'list',
      items: data.products.map((p) =>
        t('email.activation.product', { name: findProduct(p.sku)?.name ?? p.sku, quantity: p.quantity }),
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

/** Queues the activation email for a freshly issued token, in the caller's transaction. */
export async function queueActivationEmail(
  tx: Db,
  ctx: Pick<AppContext, 'jobs' | 'config'>,
  subscription: ActivationEmailData & { id: string; locale: Locale; contactEmail: string },
  tokenId: string,
) {
  return queueEmail(tx, ctx, {
    eventKey: `activation-link:${tokenId}`,
    template: 'activation',
    locale: subscription.locale,
    to: subscription.contactEmail,
    subscriptionId: subscription.id,
    content: renderActivationEmail(subscription.locale, subscription),
  });
}

export function activationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/activate/${token}`;
}

export function activationRequestUrl(publicUrl: string): string {
  return `${publicUrl}/activate`;
}
