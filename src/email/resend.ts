import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { emailOutbox } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { isLocale } from '../i18n/index.ts';
import { queueEmail } from './outbox.ts';

/**
 * Staff re-send an email from the outbox: a new copy of the same content is queued (the
 * original keeps its own delivery history).
 */
export async function resendEmail(ctx: AppContext, outboxId: string, origin: Origin) {
  return ctx.db.transaction(async (tx) => {
    const [original] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
    if (!original) throw new AppError('EMAIL_NOT_FOUND');
    const copy = await queueEmail(tx, ctx, {
      eventKey: `resend:${original.id}:${randomUUID()}`,
      template: original.template,
      locale: isLocale(original.locale) ? original.locale : 'en',
      to: original.toAddress,
      subscriptionId: original.subscriptionId,
      organizationId: original.organizationId,
      content: { subject: original.subject, text: original.textBody, html: original.htmlBody },
    });
    await recordAudit(tx, origin, {
      action: 'email.resent',
      subscriptionId: original.subscriptionId,
      organizationId: original.organizationId,
      data: { originalId: original.id, copyId: copy, template: original.template, to: original.toAddress },
    });
    return { id: copy ?? '', originalId: original.id };
  });
}
