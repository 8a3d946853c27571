/** Every event type a receiver can subscribe to (SPEC "Events and connectors"; exact names). */
export const eventTypes = [
  'subscription.created',
  'subscription.cancelled',
  'activation.email_sent',
  'organization.created',
  'organization.provisioned',
  'organization.provisioning_failed',
  'organization.setup_completed',
  'organization.setup_failed',
  'organization.verified',
  'invitation.sent',
  'invitation.accepted',
  'invitation.revoked',
] as const;

export type EventType = (typeof eventTypes)[number];

/** Sent only by "send test event", to the one endpoint it was asked for. */
export const testEventType = 'webhook.test';

/**
 * When a receiver's answers count against an attempt: the first is immediate, then these
 * delays (Standard Webhooks' suggested schedule, about a day in all), each with ±10% jitter.
 */
const retryDelaysSeconds = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const maxDeliveryAttempts = retryDelaysSeconds.length + 1;

/** An endpoint that has failed everything for this long is disabled. */
export const failingEndpointDisableMs = 5 * 24 * 3600_000;

/** The delay before attempt `attempts + 1`, jittered so a recovering receiver is not stampeded. */
function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = retryDelaysSeconds[Math.min(attempts, retryDelaysSeconds.length) - 1] ?? 5;
  return Math.round(base * 1000 * (0.9 + 0.2 * random()));
}

/** How deliveries retry; tests shorten the delays. */
export type DeliveryPolicy = { retryDelayMs(attempts: number): number };

export const defaultDeliveryPolicy: DeliveryPolicy = { retryDelayMs: (attempts) => retryDelayMs(attempts) };
