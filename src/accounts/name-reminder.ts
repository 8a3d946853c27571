import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { customerUsers } from '../db/schema.ts';
import { renderEmail } from '../email/layout.ts';
import { queueEmail } from '../email/outbox.ts';
import { isLocale, translate } from '../i18n/index.ts';
import { defineJob } from '../jobs/jobs.ts';
import { countHit } from '../rate-limit/counters.ts';
import { accountsOfEmail } from './queries.ts';

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
  const normalized = email.trim().toLowerCase();
  const { hits } = await countHit(ctx.db, `name-reminder:${normalized}`, 3600_000);
  if (hits > remindersPerAddressPerHour) return;
  await ctx.db.transaction((tx) => ctx.jobs.send(tx, nameReminderJob, { email: normalized, requestId }));
}

export const nameReminderJob = defineJob({
  name: 'organization-name-reminder',
  payload: z.object({ email: z.string(), requestId: z.string() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
  async handle({ email, requestId }, ctx) {
    const accounts = await accountsOfEmail(ctx.db, email);
    if (accounts.length === 0) return;
    const [first] = await ctx.db
      .select({ locale: customerUsers.locale })
      .from(customerUsers)
      .where(eq(customerUsers.id, accounts[0]?.id ?? ''));
    const locale = isLocale(first?.locale) ? first.locale : 'en';
    const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
      translate(locale, key, params);
    const content = renderEmail(locale, t('email.nameReminder.subject'), [
      { kind: 'paragraph', text: t('email.nameReminder.intro', { email }) },
      {
        kind: 'list',
        items: accounts.map((a) => {
          const region = ctx.regions.find((r) => r.code === a.region);
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
        to: accounts[0]?.email ?? email,
        content,
      });
      for (const organizationId of new Set(accounts.map((a) => a.organizationId))) {
        await recordAudit(
          tx,
          { actor: { type: 'anonymous' }, requestId },
          {
            action: 'customer.name_reminder_sent',
            organizationId,
            data: { email },
          },
        );
      }
    });
  },
});
