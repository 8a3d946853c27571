import type { AppContext } from '../context.ts';
import type { JobDeclaration } from '../jobs/jobs.ts';
import { countHit } from '../rate-limit/queries.ts';
import { hashToken } from '../security/tokens.ts';

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
