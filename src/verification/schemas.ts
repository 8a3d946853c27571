import { z } from 'zod';
import { optionalBody, optionalText } from '../http/schemas.ts';
import { organizationIdentity } from '../organization/schemas.ts';

const checkSchema = z.object({
  key: z.string(),
  status: z.enum(['passed', 'failed']),
  detail: z.string().nullable(),
});

/** A check as it was last stored, with when it ran. */
export const storedCheck = checkSchema.extend({ checkedAt: z.date() });

export const verificationQueueSchema = z.object({
  items: z.array(
    organizationIdentity.omit({ verification: true }).extend({
      company: z.string(),
      contactEmail: z.string(),
      createdAt: z.date(),
      setupDoneAt: z.date().nullable(),
      checks: z.array(checkSchema),
      checksPassed: z.boolean(),
    }),
  ),
});

export const checksRun = z.object({ checks: z.array(checkSchema) });

export const signOffInput = optionalBody({
  notes: optionalText(2000),
  override: z.boolean().optional(),
});

export const signedOff = z.object({
  organizationId: z.uuid(),
  verification: z.literal('verified'),
  verifiedAt: z.date().nullable(),
  alreadyVerified: z.boolean(),
  override: z.boolean(),
  checks: z.array(checkSchema),
});
