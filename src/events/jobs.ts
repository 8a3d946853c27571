import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * One attempt at one webhook delivery (see `deliverWebhook`). The delivery row, not pg-boss,
 * keeps the retry schedule: a failed attempt schedules the next job itself, so pg-boss retries
 * only a crashed handler.
 */
export const deliverWebhookJob = declareJob({
  name: 'webhook-deliver',
  payload: z.object({ deliveryId: z.uuid() }),
  queue: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 120 },
  work: { localConcurrency: 8 },
});
