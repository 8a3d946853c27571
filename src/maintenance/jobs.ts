import { z } from 'zod';
import { declareJob } from '../jobs/jobs.ts';

/**
 * Every minute: resume runs nobody moved for two minutes (their worker died), keep tables small
 * (expired rate-limit counters and sessions, webhook deliveries past their retention, the local
 * mailbox beyond its newest 10,000 messages), and vacuum and analyze where no autovacuum does.
 */
export const maintenanceJob = declareJob({
  name: 'maintenance',
  payload: z.object({}).passthrough(),
  queue: { policy: 'singleton', retryLimit: 1 },
});
