import { z } from 'zod';

export const callbackParams = z.object({ stepToken: z.string().min(1).max(256) });

export const callbackInput = z.object({
  status: z.enum(['succeeded', 'failed']),
  message: z.string().trim().max(2000).optional(),
});

export const callbackAccepted = z.object({ status: z.literal('accepted'), step: z.string() });
