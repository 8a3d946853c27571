import * as oidc from 'openid-client';
import type { StaffSsoConfig } from '../config.ts';
import { AppError } from '../errors.ts';

/** How long one call to the provider may take. */
const providerTimeoutSeconds = 10;

/**
 * The provider's metadata, discovered once per process and on the first sign-in (not at start,
 * so an unreachable provider never stops Onramp); a failed discovery is tried again next time.
 */
const discovered = new Map<string, Promise<oidc.Configuration>>();

async function configuration(sso: StaffSsoConfig): Promise<oidc.Configuration> {
  const key = `${sso.issuer}|${sso.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    pending = oidc.discovery(new URL(sso.issuer), sso.clientId, sso.clientSecret, undefined, {
      timeout: providerTimeoutSeconds,
      ...(sso.allowHttp && sso.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    discovered.set(key, pending);
    pending.catch(() => discovered.delete(key));
  }
  try {
    return await pending;
  } catch (cause) {
    throw new AppError('SSO_PROVIDER_UNAVAILABLE', { cause });
  }
}

export type SsoChallenge = { state: string; nonce: string; codeVerifier: string };

export function newSsoChallenge(): SsoChallenge {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
}

/** The provider's sign-in page for this challenge: authorization code flow with PKCE (S256). */
export async function authorizationUrl(sso: StaffSsoConfig, challenge: SsoChallenge): Promise<string> {
  const config = await configuration(sso);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: sso.redirectUri,
    scope: sso.scopes,
    state: challenge.state,
    nonce: challenge.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(challenge.codeVerifier),
    code_challenge_method: 'S256',
  });
  return url.href;
}

export type SsoIdentity = { issuer: string; subject: string; claims: Record<string, unknown> };

/**
 * Trades the code of the provider's answer for tokens, checking state, nonce, PKCE, issuer and
 * the ID token's signature, then reads userinfo: many providers put groups only there.
 */
export async function exchangeCode(
  sso: StaffSsoConfig,
  answer: URLSearchParams,
  challenge: SsoChallenge,
): Promise<SsoIdentity> {
  const config = await configuration(sso);
  const callback = new URL(sso.redirectUri);
  callback.search = answer.toString();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: challenge.codeVerifier,
      expectedState: challenge.state,
      expectedNonce: challenge.nonce,
      idTokenExpected: true,
    });
  } catch (cause) {
    if (cause instanceof oidc.AuthorizationResponseError) {
      throw new AppError(cause.error === 'access_denied' ? 'SSO_DENIED' : 'SSO_CODE_REJECTED', { cause });
    }
    if (cause instanceof oidc.ResponseBodyError) throw new AppError('SSO_CODE_REJECTED', { cause });
    throw new AppError('SSO_PROVIDER_UNAVAILABLE', { cause });
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new AppError('SSO_CODE_REJECTED');
  let userinfo: Record<string, unknown> = {};
  try {
    userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  } catch (cause) {
    throw new AppError('SSO_PROVIDER_UNAVAILABLE', { cause });
  }
  return {
    issuer: config.serverMetadata().issuer,
    subject: idClaims.sub,
    claims: { ...userinfo, ...idClaims },
  };
}
