import type { Job, JobWithMetadata } from 'pg-boss';
import type { Db } from '../db/client.ts';
import { recordQueuedEvent } from '../events/record.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { releaseFollowers } from './outbox.ts';
import {
  claimEmail,
  findEmailStatus,
  markEmailFailed,
  markEmailSent,
  markEmailUndeliverable,
} from './queries.ts';
import type { MailTransport } from './transport.ts';

/** What delivery needs; the application context has all of it. */
export type DeliveryContext = {
  db: Db;
  jobs: Jobs;
  mail: MailTransport;
  now(): Date;
  log: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
};

/** Thrown to have pg-boss try again later; the outbox row already records why. */
class DeliveryDeferred extends Error {}

/**
 * Delivers one outbox message. The claim on the row keeps two workers from sending the same
 * message, and a sent row is never sent again. Sending (or giving up on) a message releases the
 * emails waiting to follow it.
 */
export async function deliverEmail(ctx: DeliveryContext, outboxId: string, job: Job<unknown>): Promise<void> {
  const { retryCount, retryLimit } = job as Partial<JobWithMetadata<unknown>>;
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
    const lastAttempt = retryCount !== undefined && retryLimit !== undefined && retryCount >= retryLimit;
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
    await releaseFollowers(tx, ctx, outboxId, await markEmailSent(tx, outboxId, ctx.now()));
    if (message.sentEvent) await recordQueuedEvent(tx, ctx, message.sentEvent);
  });
  ctx.log.info({ outboxId, template: message.template }, 'email delivered');
}
