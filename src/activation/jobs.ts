import { z } from 'zod';
import { defineJob } from '../jobs/jobs.ts';
import { sendRequestedActivationEmails } from './link-service.ts';

/** A self-service "send me the activation email again" request, handled off the request path. */
export const activationEmailRequestJob = defineJob({
  name: 'activation-email-request',
  payload: z.object({ email: z.string(), requestId: z.string().nullable() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
  async handle({ email, requestId }, ctx) {
    await sendRequestedActivationEmails(ctx, email, requestId);
  },
});
