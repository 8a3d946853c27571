import { z } from 'zod';
import { progressStep, runError } from '../runs/schemas.ts';

export const setupProgressSchema = z
  .object({
    state: z.enum(['pending', 'running', 'done', 'failed']),
    steps: z.array(progressStep),
    organizationId: z.uuid(),
    shortName: z.string(),
    region: z.string(),
    error: runError,
  })
  .meta({ id: 'SetupProgress' });
