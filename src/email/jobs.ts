import { z } from 'zod';
import { defineJob } from '../jobs/jobs.ts';
import { claimEmail, findEmailStatus, markEmailFailed, markEmailSent } from './queries.ts';

/** Thrown to have pg-boss try again later; the outbox row already records why. */
class DeliveryDeferred extends Error {}

/**
 * Delivers one outbox message. An SMTP outage fails the attempt and pg-boss retries with
 * exponential backoff (up to about a day); the claim on the row keeps two workers from sending
 * the same message, and a sent row is never sent again.
 */
export const deliverEmailJob = defineJob({
  name: 'email-deliver',
  payload: z.object({ outboxId: z.uuid() }),
  queue: { retryLimit: 16, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  async handle({ outboxId }, ctx) {
    const message = await claimEmail(ctx.db, outboxId, ctx.now());
    if (!message) {
      const current = await findEmailStatus(ctx.db, outboxId);
      if (!current || current.status === 'sent') return;
      // Another worker holds the claim: check again later, when it has sent or its claim lapsed.
      throw new DeliveryDeferred(`email ${outboxId} is being sent by another worker`);
    }
    try {
      await ctx.mail.deliver(ctx.db, {
        outboxId: message.id,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await markEmailFailed(ctx.db, outboxId, reason);
      ctx.log.warn({ outboxId, attempt: message.attempts, err: error }, 'email delivery failed; will retry');
      throw new DeliveryDeferred(reason);
    }
    await markEmailSent(ctx.db, outboxId, ctx.now());
    ctx.log.info({ outboxId, template: message.template }, 'email delivered');
  },
});
