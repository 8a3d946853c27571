import { z } from 'zod';

/** One step of a run as progress pages show it (activation and setup progress share the shape). */
export const progressStep = z.object({
  key: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number(),
  /** The step's own name, for steps the UI's messages do not know (connector steps). */
  name: z.object({ en: z.string(), ko: z.string() }).nullable(),
});

export const runError = z.object({ step: z.string(), reference: z.string() }).nullable();
