import { z } from 'zod';
import { systemOrigin } from '../audit/audit.ts';
import { defineJob } from '../jobs/jobs.ts';
import { runChecks } from './service.ts';

/**
 * The automated checks, run when setup is done. Emails still on their way are not a failure
 * yet: the job looks again in half a minute, a few times, before leaving the result as it is.
 */
export const verificationChecksJob = defineJob({
  name: 'verification-checks',
  payload: z.object({ organizationId: z.uuid(), attempt: z.number().int().default(1) }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
  async handle({ organizationId, attempt }, ctx) {
    const results = await runChecks(ctx, organizationId, systemOrigin);
    const emails = results.find((r) => r.key === 'emails-delivered');
    const inFlight = emails?.status === 'failed' && /is (queued|sending)/.test(emails.detail ?? '');
    if (inFlight && attempt < 10) {
      await ctx.db.transaction((tx) =>
        ctx.jobs.send(
          tx,
          verificationChecksJob,
          { organizationId, attempt: attempt + 1 },
          { startAfter: 30 },
        ),
      );
    }
  },
});
