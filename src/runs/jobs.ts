import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * Moves a run forward, step by step; a duplicate job for the same run finds it locked and
 * leaves. pg-boss retries only a crashed or expired job; step failures are retried by the engine.
 */
export const runAdvanceJob = declareJob({
  name: 'run-advance',
  payload: z.object({ runId: z.uuid() }),
  queue: { retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 300 },
  // Runs spend most of their time waiting on the database: many at once keep it busy.
  work: { localConcurrency: 8, batchSize: 4 },
});
