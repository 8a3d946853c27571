import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/** The automated checks, run when setup is done (see `runScheduledChecks`). */
export const verificationChecksJob = declareJob({
  name: 'verification-checks',
  payload: z.object({ organizationId: z.uuid(), attempt: z.number().int().default(1) }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
});
