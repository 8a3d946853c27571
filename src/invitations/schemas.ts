import { z } from 'zod';
import { meSchema } from '../accounts/schemas.ts';
import { emailAddress, plainText } from '../http/schemas.ts';

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(['admin', 'user']),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    acceptedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'Invitation' });

export const invitationList = z.object({ items: z.array(invitationSchema) });

export const invitationInput = z.object({
  email: emailAddress,
  role: z.enum(['admin', 'user']).default('user'),
});

export const invitationTokenParam = z.object({ token: z.string().min(1).max(256) });

export const invitationSummary = z.object({
  email: z.string(),
  role: z.enum(['admin', 'user']),
  expiresAt: z.date(),
  organization: z.object({ name: z.string(), shortName: z.string(), region: z.string() }),
  invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
});

export const acceptanceInput = z.object({
  firstName: plainText(100),
  lastName: plainText(100),
  password: z.string().max(1000),
});

/** Accepting signs the new member in: the answer is what `GET /me` would say. */
export const acceptedInvitation = meSchema;
