import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { isLocale, translator } from '../i18n/index.ts';
import type { JobDeclaration } from '../jobs/jobs.ts';
import { countHit } from '../rate-limit/queries.ts';
import { hashToken } from '../security/tokens.ts';
import { accountsOfEmail } from './queries.ts';

/**
 * An email someone asks for by address ("Forgot organization name?", "Forgot password?"): the
 * caller always answers the same, so the lookup waits in a job. Past `perHour` requests for an
 * address in an hour, nothing is queued.
 */
export async function queueEmailRequest(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  job: JobDeclaration<{ email: string; requestId: string }>,
  request: { email: string; requestId: string; perHour: number },
): Promise<void> {
  const email = request.email.trim().toLowerCase();
  const { hits } = await countHit(ctx.db, `${job.name}:${hashToken(email)}`, 3600_000);
  if (hits > request.perHour) return;
  await ctx.db.transaction((tx) => ctx.jobs.send(tx, job, { email, requestId: request.requestId }));
}

/**
 * Whom such an email goes to: every account of the address, written in the first one's
 * language. Undefined when the address has none (the job then sends nothing).
 */
export async function accountsToEmail(db: Db, email: string) {
  const accounts = await accountsOfEmail(db, email);
  const first = accounts[0];
  if (!first) return undefined;
  const locale = isLocale(first.locale) ? first.locale : 'en';
  return { accounts, first, locale, t: translator(locale) };
}
