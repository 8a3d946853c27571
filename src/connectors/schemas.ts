import { z } from 'zod';
import { optionalText } from '../http/schemas.ts';

export const callbackParams = z.object({ stepToken: z.string().min(1).max(256) });

export const callbackInput = z.object({
  status: z.enum(['succeeded', 'failed']),
  message: optionalText(2000),
});

export const callbackAccepted = z.object({ status: z.literal('accepted'), step: z.string() });
