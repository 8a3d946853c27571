import { z } from 'zod';
import { emailAddress, plainText } from '../http/schemas.ts';

export const staffMember = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()) })
  .meta({ id: 'StaffMember' });

export const staffSignInInput = z.object({ email: emailAddress, password: z.string().min(1).max(400) });

export const staffSignedIn = z.object({ staff: staffMember, expiresAt: z.date() });

export const apiTokenInput = z.object({ name: plainText(100) });

export const createdApiToken = z.object({ id: z.uuid(), name: z.string(), token: z.string() });
