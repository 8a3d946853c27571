import type { Db } from '../db/client.ts';
import { afterRollback } from '../db/commit-hooks.ts';
import { type EventContext, recordQueuedEvent } from '../events/record.ts';
import type { Place } from '../jobs/claim-loop.ts';
import { Dispatcher } from '../jobs/dispatcher.ts';
import type { Jobs } from '../jobs/jobs.ts';
import {
  type ClaimedEmail,
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  markEmailUndeliverable,
  releaseStrandedFollowers,
} from './delivery-queries.ts';
import { dispatchEmailsJob } from './jobs.ts';
import type { Delivered, MailTransport } from './transport.ts';

/** How email delivery retries; tests shorten the delays. */
export type EmailPolicy = { retryDelayMs(attempts: number): number; maxAttempts: number };

/**
 * An SMTP outage fails an attempt; the next waits 5 s, doubling up to an hour, for 17 attempts
 * in all (about seven hours) before the message is given up.
 */
export const defaultEmailPolicy: EmailPolicy = {
  retryDelayMs: (attempts) => Math.min(5000 * 2 ** Math.max(0, attempts - 1), 3_600_000),
  maxAttempts: 17,
};

/** What delivery needs; the application context has all of it. */
export type DeliveryContext = {
  db: Db;
  jobs: Jobs;
  webhooks: EventContext['webhooks'];
  mail: MailTransport;
  emailPolicy: EmailPolicy;
  now(): Date;
  log: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
};

/** Messages one process sends at once. */
const inFlightPerProcess = 32;

/**
 * Sends the outbox from a process that runs workers. Woken when a transaction that queued email
 * commits, here or in a process that sends none (a web process, the CLI: see `Wake`), and by
 * jobs (a retry falling due, the minute sweep), it claims due messages in batches and sends each
 * outside any transaction (see `ClaimLoop`): no message waits for a queue's polling, and none
 * is sent twice at once.
 */
export class EmailDispatcher extends Dispatcher<ClaimedEmail> {
  constructor(ctx: DeliveryContext) {
    super(
      emailChannel,
      {
        limit: inFlightPerProcess,
        claim: (free) => claimDueEmails(ctx.db, ctx.now(), free),
        work: (message) => deliverEmail(ctx, message),
        describe: (message) => ({ outboxId: message.id }),
        log: ctx.log,
      },
      ctx.db,
    );
  }

  /**
   * A place to send an email that `tx` queues from this process, right after the commit and with
   * no claim of its own; given back if `tx` rolls back. Undefined where this process sends no
   * email, every place is taken, or `tx` takes no commit hooks: the email is then queued as usual.
   */
  placeAfterCommit(tx: Db): Place<ClaimedEmail> | undefined {
    if (!this.runsHere) return undefined;
    const place = this.loop.reserve();
    if (place && !afterRollback(tx, place.release)) {
      place.release();
      return undefined;
    }
    return place;
  }
}

/** The channel on which a commit that queued email wakes the processes that send it. */
const emailChannel = 'onramp_email_due';

/**
 * One attempt at a claimed message, then its outcome: sent (with its "sent" event, and the
 * emails waiting to follow it released), due again later, or, after the last attempt, given up
 * (its followers go anyway). A sent row is never sent again. True when it released followers.
 */
async function deliverEmail(ctx: DeliveryContext, message: ClaimedEmail): Promise<boolean> {
  let delivered: Delivered;
  try {
    delivered = await ctx.mail.deliver({
      outboxId: message.id,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (message.attempts >= ctx.emailPolicy.maxAttempts) {
      const { released } = await markEmailUndeliverable(ctx.db, message.id, ctx.now(), reason);
      ctx.log.error(
        { outboxId: message.id, attempts: message.attempts, err: error },
        'email undeliverable; giving up',
      );
      return released > 0;
    }
    const delayMs = ctx.emailPolicy.retryDelayMs(message.attempts);
    await ctx.db.transaction(async (tx) => {
      await markEmailFailed(tx, message.id, reason, new Date(ctx.now().getTime() + delayMs));
      // Some process looks again when the retry falls due.
      await ctx.jobs.send(tx, dispatchEmailsJob, {}, { startAfter: Math.max(1, Math.ceil(delayMs / 1000)) });
    });
    ctx.log.warn(
      { outboxId: message.id, attempt: message.attempts, err: error },
      'email delivery failed; will retry',
    );
    return false;
  }
  // Marked sent, followers released, the "sent" event recorded (and, for the local mailbox, the
  // message written into it): one statement.
  const now = ctx.now();
  const { mailbox } = delivered;
  const { released } = message.sentEvent
    ? await recordQueuedEvent(ctx, message.sentEvent, (also) =>
        markEmailSent(ctx.db, message.id, now, { also, mailbox }),
      )
    : await markEmailSent(ctx.db, message.id, now, { mailbox });
  ctx.log.info({ outboxId: message.id, template: message.template }, 'email delivered');
  return released > 0;
}

/**
 * At start-up and every minute: release followers that were stranded, then look for what is
 * due (a retry, a claim a dead process held). A crash or a lost job delays a message, never
 * loses it.
 */
export async function resumeEmails(ctx: DeliveryContext, dispatcher: EmailDispatcher): Promise<void> {
  await releaseStrandedFollowers(ctx.db, ctx.now());
  dispatcher.wake();
}
