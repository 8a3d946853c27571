import {
  anonymousOrigin,
  clearSessionCookies,
  cookieNames,
  customerCookies,
  customerOrigin,
  requireCustomer,
  setSessionCookies,
  signedInCustomer,
} from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, noContent } from '../http/schemas.ts';
import { requestNameReminder } from './name-reminder.ts';
import { changeCustomerPassword } from './password-change.ts';
import { checkPasswordReset, completePasswordReset, requestPasswordReset } from './password-reset.ts';
import {
  accepted,
  emailOnly,
  meSchema,
  passwordChanged,
  passwordChangeInput,
  passwordResetInput,
  passwordResetParams,
  passwordResetState,
  signedIn,
  signInInput,
} from './schemas.ts';
import { signInCustomer, signOutCustomer } from './service.ts';
import { meView } from './views.ts';

export const accountRoutes = defineRoutes((api, ctx) => {
  api.post(
    '/sessions',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: 'Customer sign-in; sets the session cookie',
        description:
          'An email in several organizations without `shortName` answers 409 ORGANIZATION_CHOICE_REQUIRED with `details.organizations`, after the correct password of its most recently used account (one password check per attempt; give `shortName` to sign in to another). Unknown email, wrong password and unknown short name all answer 401 INVALID_CREDENTIALS; the fifth failure in a row from one address for one email adds `details.attemptsLeft: 1`, the sixth pauses sign-in from that address for that email for five minutes (423 ACCOUNT_LOCKED with `details.lockedUntil`), whether or not an account exists.',
        body: signInInput,
        response: {
          201: signedIn,
          401: errorResponse,
          409: errorResponse,
          423: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const session = await signInCustomer(ctx, request.body, anonymousOrigin(request));
      setSessionCookies(reply, ctx.config, customerCookies, session.token, session.expiresAt);
      return reply.status(201).send(session.view);
    },
  );

  api.delete(
    '/sessions/current',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['accounts'],
        summary: 'Customer sign-out',
        response: { 204: noContent, 401: errorResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[cookieNames.customerSession];
      if (token)
        await signOutCustomer(ctx, token, customerOrigin(request), signedInCustomer(request).organization.id);
      clearSessionCookies(reply, customerCookies);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/me',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user and organization',
        response: { 200: meSchema, 401: errorResponse },
      },
    },
    async (request) => meView(ctx, signedInCustomer(request)),
  );

  api.post(
    '/me/password',
    {
      onRequest: requireCustomer(),
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: 'Change your password (the current one is required); ends your other sessions',
        description:
          'A wrong current password answers 403 CURRENT_PASSWORD_INCORRECT and counts toward the sign-in lockout of this address and email (423 ACCOUNT_LOCKED after the sixth).',
        body: passwordChangeInput,
        response: {
          200: passwordChanged,
          401: errorResponse,
          403: errorResponse,
          423: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) =>
      changeCustomerPassword(
        ctx,
        signedInCustomer(request),
        request.body,
        customerOrigin(request),
        anonymousOrigin(request),
      ),
  );

  api.post(
    '/organization-name-reminders',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: '"Forgot organization name?": emails the short names of an address (always 202)',
        body: emailOnly,
        response: { 202: accepted, ...commonErrors },
      },
    },
    async (request, reply) => {
      await requestNameReminder(ctx, request.body.email, request.id);
      return reply.status(202).send({
        status: 'accepted' as const,
        message:
          'If this address belongs to an Onramp organization, an email with its short names is on its way.',
      });
    },
  );

  api.post(
    '/password-resets',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: '"Forgot password?": emails a reset link for each account of an address (always 202)',
        description:
          'The link works once, for one hour. At most three emails an hour per address; the answer is the same for an address with no account.',
        body: emailOnly,
        response: { 202: accepted, ...commonErrors },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, request.id);
      return reply.status(202).send({
        status: 'accepted' as const,
        message: 'If this address belongs to an Onramp account, an email with a reset link is on its way.',
      });
    },
  );

  api.get(
    '/password-resets/:token',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: 'Whether a reset link can still be used (404 invalid, 409 used, 410 expired)',
        params: passwordResetParams,
        response: {
          200: passwordResetState,
          404: errorResponse,
          409: errorResponse,
          410: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => checkPasswordReset(ctx, request.params.token),
  );

  api.post(
    '/password-resets/complete',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with a reset link; ends every session of the account',
        body: passwordResetInput,
        response: {
          204: noContent,
          404: errorResponse,
          409: errorResponse,
          410: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      await completePasswordReset(ctx, request.body, anonymousOrigin(request));
      return reply.status(204).send(null);
    },
  );
});
