import { z } from 'zod';
import { nameReminderJob } from '../accounts/name-reminder.ts';
import { activationEmailRequestJob } from '../activation/jobs.ts';
import { deliverEmailJob } from '../email/jobs.ts';
import { deleteExpiredSessions } from '../maintenance/queries.ts';
import { deleteExpiredCounters } from '../rate-limit/counters.ts';
import { resumeRuns, runAdvanceJob } from '../runs/engine.ts';
import { verificationChecksJob } from '../verification/jobs.ts';
import { defineJob, type JobDefinition } from './jobs.ts';

/**
 * Every minute: resume runs nobody moved for two minutes (their worker died), and keep tables
 * small (expired rate-limit counters and sessions).
 */
export const maintenanceJob = defineJob({
  name: 'maintenance',
  payload: z.object({}).passthrough(),
  queue: { policy: 'singleton', retryLimit: 1 },
  async handle(_data, ctx) {
    await deleteExpiredCounters(ctx.db);
    await deleteExpiredSessions(ctx.db, ctx.now());
    await resumeRuns(ctx, { staleForMs: 120_000 });
  },
});

/** Every job this application runs; each process works all of them. */
export const allJobs = [
  deliverEmailJob,
  activationEmailRequestJob,
  runAdvanceJob,
  nameReminderJob,
  verificationChecksJob,
  maintenanceJob,
] as unknown as readonly JobDefinition<never>[];
