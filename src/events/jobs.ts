import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * Wakes a process's webhook dispatcher (see `WebhookDispatcher`): sent in the transaction of
 * every new event, and with a delay for every retry, so some process looks when there is work.
 * The deliveries themselves are claimed from the database, so a job is only a nudge.
 */
export const dispatchWebhooksJob = declareJob({
  name: 'webhook-dispatch',
  payload: z.object({}),
  queue: { retryLimit: 3, retryDelay: 1, expireInSeconds: 60 },
});
