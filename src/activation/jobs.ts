import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/** A self-service "send me the activation email again" request, handled off the request path. */
export const activationEmailRequestJob = declareJob({
  name: 'activation-email-request',
  payload: z.object({ email: z.string(), requestId: z.string().nullable() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
});
