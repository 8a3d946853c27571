import { z } from 'zod';

export const signInOptions = z
  .object({
    sso: z.boolean().describe('Whether "Sign in with SSO" is offered'),
    password: z.boolean().describe('Whether staff may sign in with email and password'),
  })
  .meta({ id: 'StaffSignInOptions' });

export const ssoStartInput = z.object({
  returnTo: z.string().max(500).optional().describe('A console path to land on afterwards'),
});

export const ssoStarted = z.object({ authorizationUrl: z.url() });

export const ssoCallbackInput = z.object({
  search: z.string().max(8000).describe('The query string the provider sent the browser back with, as is'),
});

export const ssoSignedIn = z.object({
  staff: z.object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()) }),
  expiresAt: z.date(),
  returnTo: z.string(),
});
