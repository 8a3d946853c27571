import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A person at the provider: what its ID token and userinfo say. */
export type ProviderAccount = { email: string; name: string; groups: string[]; emailVerified?: boolean };

export type TestOpenIdProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Provider accounts by login (the account ID typed on its sign-in page). */
  accounts: Map<string, ProviderAccount>;
  /** How long a code lives, in seconds (tests shorten it to see one expire). */
  codeTtlSeconds: number;
  /** The env that points Onramp at this provider. */
  env(extra?: Record<string, string>): Record<string, string>;
  /**
   * What a browser does at the provider, without one: opens the authorization URL, signs in as
   * `login` on the sign-in page, and returns the query string the provider sends it back with.
   */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation) on 127.0.0.1,
 * with one confidential client for Onramp's console and a plain sign-in page.
 */
export async function startOpenIdProvider(redirectUri: string): Promise<TestOpenIdProvider> {
  const clientId = 'onramp-console';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  const accounts = new Map<string, ProviderAccount>();
  const state = { codeTtlSeconds: 60 };
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: 'test-key',
    alg: 'RS256',
    use: 'sig',
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    jwks: { keys: [signingKey] },
    ttl: {
      AuthorizationCode: () => state.codeTtlSeconds,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Grant: 600,
      Session: 600,
    },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            name: account.name,
            groups: account.groups,
          };
        },
      };
    },
  });
  const handleProvider = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!match) return void handleProvider(req, res);
    void (async () => {
      if (!match[2]) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><title>Test provider</title><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${match[1]}/login"><label>Login <input name="login" autocomplete="username"></label>
<button type="submit">Continue</button></form></main></html>`);
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const login = new URLSearchParams(body).get('login') ?? '';
      const details = await provider.interactionDetails(req, res);
      if (!accounts.has(login)) {
        await provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'unknown login',
        });
        return;
      }
      const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    get codeTtlSeconds() {
      return state.codeTtlSeconds;
    },
    set codeTtlSeconds(value: number) {
      state.codeTtlSeconds = value;
    },
    env: (extra = {}) => ({
      STAFF_OIDC_ISSUER: issuer,
      STAFF_OIDC_CLIENT_ID: clientId,
      STAFF_OIDC_CLIENT_SECRET: clientSecret,
      ...extra,
    }),
    async signIn(authorizationUrl, login) {
      const jar = new Map<string, string>();
      const send = async (url: string, init: RequestInit = {}) => {
        const response = await fetch(url, {
          ...init,
          redirect: 'manual',
          headers: {
            ...(init.headers as Record<string, string> | undefined),
            cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return response;
      };
      let response = await send(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        const location = response.headers.get('location');
        if (!location)
          throw new Error(`the provider stopped at ${response.status}: ${await response.text()}`);
        const next = new URL(location, issuer);
        if (next.href.startsWith(redirectUri)) return next.search;
        if (/^\/interaction\/[\w-]+$/.test(next.pathname)) {
          await send(next.href);
          response = await send(`${next.href}/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ login }).toString(),
          });
        } else {
          response = await send(next.href);
        }
      }
      throw new Error('the provider redirected too many times');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
