import { z } from 'zod';
import { emailAddress } from '../http/schemas.ts';
import { organizationIdentity } from '../organization/schemas.ts';

/** `GET /api/v1/me`: the signed-in user and organization (SPEC fields). */
export const meSchema = z
  .object({
    user: z.object({
      id: z.uuid(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      role: z.enum(['admin', 'user']),
      locale: z.enum(['en', 'ko']),
      permissions: z.array(z.string()),
    }),
    organization: organizationIdentity.extend({ loginUrl: z.string().nullable() }),
  })
  .meta({ id: 'Me' });

export const signInInput = z.object({
  email: emailAddress,
  password: z.string().min(1).max(1000),
  shortName: z.string().max(200).optional(),
  region: z.string().max(32).optional(),
});

export const signedIn = meSchema.extend({ expiresAt: z.date(), next: z.enum(['setup', 'home']) });

export const emailOnly = z.object({ email: emailAddress });

export const accepted = z.object({ status: z.literal('accepted'), message: z.string() });

const resetToken = z.string().min(1).max(200);

export const passwordResetInput = z.object({ token: resetToken, password: z.string().max(1000) });

export const passwordResetParams = z.object({ token: resetToken });

export const passwordResetState = z.object({ email: z.string(), expiresAt: z.date() });

export const passwordChangeInput = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().max(1000),
});

export const passwordChanged = z.object({ sessionsEnded: z.number().int() });
