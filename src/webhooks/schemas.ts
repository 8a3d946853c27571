import { z } from 'zod';
import { eventTypes } from '../events/catalog.ts';
import { plainText } from '../http/schemas.ts';

const url = z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');
const subscribedEvents = z
  .array(z.enum(eventTypes))
  .min(1, 'choose at least one event')
  .max(eventTypes.length)
  .transform((list) => [...new Set(list)]);

export const endpointInput = z.object({
  url,
  events: subscribedEvents,
  description: plainText(500).optional(),
});

export const endpointPatch = z
  .object({
    url: url.optional(),
    events: subscribedEvents.optional(),
    enabled: z.boolean().optional(),
    description: plainText(500).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of url, events, enabled, description');

const deliveryStatus = z.enum(['pending', 'delivering', 'succeeded', 'failed']);

export const endpointView = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    /** Why it stopped receiving: staff turned it off, it answered 410, or it failed for 5 days. */
    disabledReason: z.enum(['manual', 'gone', 'failing']).nullable(),
    disabledAt: z.date().nullable(),
    failingSince: z.date().nullable(),
    /** Until when the secret replaced by the last rotation still signs. */
    previousSecretValidUntil: z.date().nullable(),
    deliveries: z.object({ pending: z.number(), succeeded: z.number(), failed: z.number() }),
    lastAttemptAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const endpointList = z.object({ items: z.array(endpointView) });

/** The secret is in this answer and the rotation's, never again. */
export const createdEndpoint = endpointView.extend({ secret: z.string() });

export const rotatedSecret = z.object({
  id: z.uuid(),
  secret: z.string(),
  previousSecretValidUntil: z.date(),
});

export const deliveriesQuery = z.object({
  status: deliveryStatus.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'is not a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const deliveryView = z
  .object({
    id: z.uuid(),
    eventId: z.string(),
    eventType: z.string(),
    status: deliveryStatus,
    attempts: z.number(),
    responseStatus: z.number().nullable(),
    /** The first 1 KiB of the receiver's last answer. */
    responseBody: z.string().nullable(),
    latencyMs: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.date(),
    lastAttemptAt: z.date().nullable(),
    nextAttemptAt: z.date().nullable(),
    deliveredAt: z.date().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryPage = z.object({
  items: z.array(deliveryView),
  nextCursor: z.string().nullable(),
  /** Deliveries that ended (delivered, or failed for good) leave the log this many days later. */
  retentionDays: z.number().int(),
});

export const testEventSent = z.object({ eventId: z.string(), deliveryId: z.uuid() });

export const retriedDelivery = z.object({ id: z.uuid(), status: z.literal('pending') });
