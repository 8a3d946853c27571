import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * Wakes a worker's email dispatcher (see `EmailDispatcher`): for email a process that sends
 * none queued, and when a retry falls due. The messages are claimed from the outbox, so a job
 * is only a nudge.
 */
export const dispatchEmailsJob = declareJob({
  name: 'email-dispatch',
  payload: z.object({}),
  queue: { retryLimit: 3, retryDelay: 1, expireInSeconds: 60 },
});
