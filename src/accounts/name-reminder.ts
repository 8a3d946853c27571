import { recordAudit } from '../audit/audit.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { renderEmail } from '../email/layout.ts';
import { queueEmail } from '../email/outbox.ts';
import { accountsToEmail, queueEmailRequest } from './email-request.ts';
import { nameReminderJob } from './jobs.ts';

/** At most three reminders an hour per address actually send anything. */
const remindersPerAddressPerHour = 3;

/**
 * "Forgot organization name?": the answer is the same whether or not the address is known, so
 * the lookup and the email happen in a background job.
 */
export async function requestNameReminder(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  email: string,
  requestId: string,
) {
  await queueEmailRequest(ctx, nameReminderJob, { email, requestId, perHour: remindersPerAddressPerHour });
}

/** The job behind `requestNameReminder`: emails every short name the address belongs to, if any. */
export async function sendNameReminder(
  ctx: AppContext,
  { email, requestId }: { email: string; requestId: string },
): Promise<void> {
  const recipients = await accountsToEmail(ctx.db, email);
  if (!recipients) return;
  const { accounts, first, locale, t } = recipients;
  const content = renderEmail(locale, t('email.nameReminder.subject'), [
    { kind: 'paragraph', text: t('email.nameReminder.intro', { email }) },
    {
      kind: 'list',
      items: accounts.map((a) => {
        const region = regionOf(ctx.regions, a.region);
        return t('email.nameReminder.item', {
          name: a.organizationName,
          shortName: a.shortName,
          region: region?.name[locale] ?? a.region,
          loginUrl: region?.loginUrl ?? ctx.config.publicUrl,
        });
      }),
    },
    { kind: 'small', text: t('email.nameReminder.help') },
  ]);
  await ctx.db.transaction(async (tx) => {
    await queueEmail(tx, ctx, {
      eventKey: `name-reminder:${requestId}:${email}`,
      template: 'name-reminder',
      locale,
      to: first.email,
      content,
    });
    for (const organizationId of new Set(accounts.map((a) => a.organizationId))) {
      await recordAudit(
        tx,
        { actor: { type: 'anonymous' }, requestId },
        { action: 'customer.name_reminder_sent', organizationId, data: { email } },
      );
    }
  });
}
