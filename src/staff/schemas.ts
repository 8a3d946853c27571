import { z } from 'zod';
import { emailAddress, plainText } from '../http/schemas.ts';
import { staffAccess } from '../security/access.ts';
import { apiTokenPolicy } from './token-policy.ts';

export const staffMember = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()) })
  .meta({ id: 'StaffMember' });

export const staffSignInInput = z.object({ email: emailAddress, password: z.string().min(1).max(400) });

export const staffSignedIn = z.object({ staff: staffMember, expiresAt: z.date() });

const staffRole = z.enum(staffAccess.roles);

export const apiTokenInput = z.object({
  name: plainText(100),
  roles: z
    .array(staffRole)
    .min(1)
    .max(staffAccess.roles.length)
    .optional()
    .describe('What the token may do: some or all of your roles (default: all of them).'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(apiTokenPolicy.maxDays)
    .optional()
    .describe(`Days until it stops working (default ${apiTokenPolicy.defaultDays}).`),
});

export const createdApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  roles: z.array(z.string()),
  expiresAt: z.date(),
  token: z.string().describe('Shown once: send it as `Authorization: Bearer <token>`.'),
});

const apiTokenView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    roles: z.array(z.string()),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: z.date(),
    expiresAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
    owner: z.object({ id: z.uuid(), email: z.string() }),
  })
  .meta({ id: 'ApiToken' });

export const apiTokenList = z.object({ items: z.array(apiTokenView) });

export const apiTokenListQuery = z.object({
  all: z.enum(['true', 'false']).optional().describe('`true`: every member’s tokens (needs staff:manage).'),
});
