import { anonymousOrigin, cookieNames, setSessionCookies, staffCookies } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse } from '../http/schemas.ts';
import { signInOptions, ssoCallbackInput, ssoSignedIn, ssoStarted, ssoStartInput } from './schemas.ts';
import { completeStaffSso, staffSignInOptions, startStaffSso } from './service.ts';

const ssoCookiePath = '/api/v1/staff/sso';

export const staffSsoRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/staff/sign-in-options',
    {
      schema: {
        tags: ['staff'],
        summary: 'How staff can sign in here: single sign-on, password, or both',
        response: { 200: signInOptions },
      },
    },
    async () => staffSignInOptions(ctx),
  );

  api.post(
    '/staff/sso/start',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['staff'],
        summary: '"Sign in with SSO": the OpenID provider address to send the browser to',
        description:
          'Authorization code flow with PKCE (S256), state and nonce. Sets a ten-minute cookie that binds the sign-in to this browser. The provider sends the browser back to `/console/sso/callback`, which posts the answer to `/api/v1/staff/sso/callback`.',
        body: ssoStartInput,
        response: { 201: ssoStarted, 404: errorResponse, 502: errorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const started = await startStaffSso(ctx, request.body.returnTo);
      reply.setCookie(cookieNames.staffSso, started.binding, {
        path: ssoCookiePath,
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        maxAge: started.maxAgeSeconds,
      });
      return reply.status(201).send({ authorizationUrl: started.url });
    },
  );

  api.post(
    '/staff/sso/callback',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['staff'],
        summary: 'Finish single sign-on with the provider’s answer; sets the staff session cookie',
        description:
          'The answer must belong to the sign-in this browser started, within 10 minutes, once. Roles come from the provider’s claims (`STAFF_OIDC_ROLES_CLAIM`, `STAFF_OIDC_ROLE_MAP`); a member with no mapped role gets 403 SSO_NO_ROLE and no session.',
        body: ssoCallbackInput,
        response: {
          201: ssoSignedIn,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
          502: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      reply.clearCookie(cookieNames.staffSso, { path: ssoCookiePath });
      const { session, returnTo } = await completeStaffSso(
        ctx,
        { binding: request.cookies[cookieNames.staffSso], search: request.body.search },
        anonymousOrigin(request),
      );
      setSessionCookies(reply, ctx.config, staffCookies, session.token, session.expiresAt);
      return reply.status(201).send({ staff: session.staff, expiresAt: session.expiresAt, returnTo });
    },
  );
});
