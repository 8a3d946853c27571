import { z } from 'zod';
import { isCurrencyCode } from '../catalog/currencies.ts';
import { findProduct } from '../catalog/products.ts';
import {
  emailAddress,
  localeSchema,
  optionalBody,
  optionalText,
  plainText,
  searchText,
} from '../http/schemas.ts';
import { storedCheck } from '../verification/schemas.ts';

export const subscriptionStatuses = ['pending', 'activated', 'cancelled'] as const;

/** `POST /api/v1/subscriptions`, also what the CLI validates before calling the service. */
export const subscriptionInput = z
  .object({
    company: plainText(200),
    contact: z.object({ name: plainText(200), email: emailAddress }),
    locale: localeSchema,
    kind: z.enum(['trial', 'paid']),
    trialDays: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(90, 'must be at most 90')
      .optional(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
      .transform((value) => value.toUpperCase())
      .refine(isCurrencyCode, 'is not an ISO 4217 currency code (such as USD, EUR or KRW)')
      .optional(),
    ratePlan: plainText(100).optional(),
    products: z
      .array(
        z.object({
          sku: z.string().trim().min(1).max(64),
          quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000),
        }),
      )
      .min(1, 'choose at least one product')
      .max(20),
  })
  .superRefine((value, issues) => {
    const problem = (path: (string | number)[], message: string) =>
      issues.addIssue({ code: 'custom', path, message });
    if (value.kind === 'trial') {
      if (value.trialDays === undefined) problem(['trialDays'], 'is required for a trial (1 to 90 days)');
      if (value.currency !== undefined) problem(['currency'], 'applies only to a paid subscription');
      if (value.ratePlan !== undefined) problem(['ratePlan'], 'applies only to a paid subscription');
    } else {
      if (value.currency === undefined) problem(['currency'], 'is required for a paid subscription');
      if (value.ratePlan === undefined) problem(['ratePlan'], 'is required for a paid subscription');
      if (value.trialDays !== undefined) problem(['trialDays'], 'applies only to a trial');
    }
    const seen = new Set<string>();
    value.products.forEach((product, index) => {
      if (!findProduct(product.sku)) problem(['products', index, 'sku'], `is not a product in the catalog`);
      if (seen.has(product.sku)) problem(['products', index, 'sku'], 'is listed twice');
      seen.add(product.sku);
    });
  });

export type SubscriptionInput = z.infer<typeof subscriptionInput>;

const productLine = z.object({ sku: z.string(), name: z.string(), quantity: z.number() });

export const subscriptionSummary = z
  .object({
    id: z.uuid(),
    status: z.enum(subscriptionStatuses),
    company: z.string(),
    contact: z.object({ name: z.string(), email: z.string() }),
    locale: localeSchema,
    kind: z.enum(['trial', 'paid']),
    trialDays: z.number().nullable(),
    currency: z.string().nullable(),
    ratePlan: z.string().nullable(),
    products: z.array(productLine),
    createdAt: z.date(),
    activatedAt: z.date().nullable(),
    cancelledAt: z.date().nullable(),
  })
  .meta({ id: 'Subscription' });

export const emailSummary = z
  .object({
    id: z.uuid(),
    template: z.string(),
    to: z.string(),
    subject: z.string(),
    locale: z.string(),
    status: z.enum(['queued', 'sending', 'sent', 'failed', 'undeliverable']),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
  })
  .meta({ id: 'Email' });

const activationLinkState = z.object({
  issuedAt: z.date(),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
  state: z.enum(['live', 'expired', 'used']),
  issuedCount: z.number(),
});

export const subscriptionDetail = subscriptionSummary
  .extend({
    activationLink: activationLinkState.nullable(),
    organization: z
      .object({ id: z.uuid(), shortName: z.string(), region: z.string(), state: z.string() })
      .nullable(),
    emails: z.array(emailSummary),
    checks: z.array(storedCheck),
    /** Who cancelled it, when and why (cancelled subscriptions only). */
    cancellation: z
      .object({
        at: z.date(),
        by: z.object({ name: z.string(), email: z.string() }).nullable(),
        reason: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'SubscriptionDetail' });

const linkExpiry = z.object({ expiresAt: z.date() });

export const createdSubscription = subscriptionSummary.extend({ activationLink: linkExpiry });

export const subscriptionPage = z.object({
  items: z.array(subscriptionSummary),
  nextCursor: z.string().nullable(),
});

export const activationEmailQueued = z.object({
  id: z.uuid(),
  status: z.string(),
  activationLink: linkExpiry,
});

export const cancellationInput = optionalBody({ reason: optionalText(500) });

export const cancelled = z.object({ id: z.uuid(), status: z.literal('cancelled'), cancelledAt: z.date() });

export const subscriptionListQuery = z.object({
  status: z.enum(subscriptionStatuses).optional(),
  q: searchText(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
