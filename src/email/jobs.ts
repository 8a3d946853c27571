import type { JobWithMetadata } from 'pg-boss';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { defineJob } from '../jobs/jobs.ts';
import { releaseFollowers } from './outbox.ts';
import {
  claimEmail,
  findEmailStatus,
  markEmailFailed,
  markEmailSent,
  markEmailUndeliverable,
} from './queries.ts';

/** Thrown to have pg-boss try again later; the outbox row already records why. */
class DeliveryDeferred extends Error {}

/**
 * Delivers one outbox message. An SMTP outage fails the attempt and pg-boss retries with
 * exponential backoff (up to about a day) before the message is marked undeliverable; the
 * claim on the row keeps two workers from sending the same message, and a sent row is never
 * sent again. Sending (or giving up on) a message releases the emails waiting to follow it.
 */
export const deliverEmailJob = defineJob({
  name: 'email-deliver',
  payload: z.object({ outboxId: z.uuid() }),
  queue: { retryLimit: 16, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  work: { includeMetadata: true },
  handle: ({ outboxId }, ctx, job) => deliverEmail(ctx, outboxId, job as JobWithMetadata<unknown>),
});

async function deliverEmail(
  ctx: AppContext,
  outboxId: string,
  job: Partial<JobWithMetadata<unknown>>,
): Promise<void> {
  const message = await claimEmail(ctx.db, outboxId, ctx.now());
  if (!message) {
    const current = await findEmailStatus(ctx.db, outboxId);
    if (!current || current.status === 'sent' || current.status === 'undeliverable') return;
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
    const lastAttempt =
      job.retryCount !== undefined && job.retryLimit !== undefined && job.retryCount >= job.retryLimit;
    if (lastAttempt) {
      await ctx.db.transaction(async (tx) => {
        await markEmailUndeliverable(tx, outboxId, reason);
        await releaseFollowers(tx, ctx, outboxId);
      });
      ctx.log.error({ outboxId, attempts: message.attempts, err: error }, 'email undeliverable; giving up');
      return;
    }
    await markEmailFailed(ctx.db, outboxId, reason);
    ctx.log.warn({ outboxId, attempt: message.attempts, err: error }, 'email delivery failed; will retry');
    throw new DeliveryDeferred(reason);
  }
  await ctx.db.transaction(async (tx) => {
    await markEmailSent(tx, outboxId, ctx.now());
    await releaseFollowers(tx, ctx, outboxId);
  });
  ctx.log.info({ outboxId, template: message.template }, 'email delivered');
}
