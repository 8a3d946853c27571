import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * Delivers one outbox message (see `deliverEmail`). An SMTP outage fails the attempt and pg-boss
 * retries with exponential backoff, up to about a day, before the message is given up.
 */
export const deliverEmailJob = declareJob({
  name: 'email-deliver',
  payload: z.object({ outboxId: z.uuid() }),
  queue: { retryLimit: 16, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  work: { includeMetadata: true, localConcurrency: 4 },
});
