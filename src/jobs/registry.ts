import { z } from 'zod';
import { activationEmailRequestJob } from '../activation/jobs.ts';
import { deliverEmailJob } from '../email/jobs.ts';
import { deleteExpiredSessions } from '../maintenance/queries.ts';
import { deleteExpiredCounters } from '../rate-limit/counters.ts';
import { defineJob, type JobDefinition } from './jobs.ts';

/** Housekeeping that keeps tables small: expired rate-limit counters and sessions. */
export const maintenanceJob = defineJob({
  name: 'maintenance',
  payload: z.object({}).passthrough(),
  queue: { policy: 'singleton', retryLimit: 1 },
  async handle(_data, ctx) {
    await deleteExpiredCounters(ctx.db);
    await deleteExpiredSessions(ctx.db, ctx.now());
  },
});

/** Every job this application runs; each process works all of them. */
export const allJobs = [
  deliverEmailJob,
  activationEmailRequestJob,
  maintenanceJob,
] as unknown as readonly JobDefinition<never>[];
