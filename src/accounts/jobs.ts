import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/** "Forgot organization name?" handled off the request path, so the answer reveals nothing. */
export const nameReminderJob = declareJob({
  name: 'organization-name-reminder',
  payload: z.object({ email: z.string(), requestId: z.string() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
});

/** "Forgot password?" handled off the request path, so the answer reveals nothing. */
export const passwordResetJob = declareJob({
  name: 'password-reset',
  payload: z.object({ email: z.string(), requestId: z.string() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
});
