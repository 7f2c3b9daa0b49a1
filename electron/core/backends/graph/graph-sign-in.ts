import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoProvider, PromptValue, PublicClientApplication, ResponseMode, ServerError, type INetworkModule } from '@azure/msal-node';
import type { GraphSection } from '../../config/sections/graph';
import { BackendError, type Account, type RedirectSignIn } from '../identity-backend';
import { authorityOptions, backendErrorFromMsal, systemOptions } from './msal-config';

/** Entra's implementation of the directory-page sign-in (see RedirectSignIn in identity-backend.ts). */
export type GraphSignIn = RedirectSignIn;

export type GraphSignInDeps = {
  graph: GraphSection;
  network: INetworkModule;
  findUserById(id: string): Promise<Account | null>;
};

const scopes = ['openid', 'profile'];

/**
 * The visitor proves their password on Entra's own page (so MFA and Conditional Access apply) through the
 * authorization-code flow with PKCE, as a public client: the redirect URI is registered under "Mobile and
 * desktop applications". Each sign-in gets its own msal application, so no token outlives it.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export function createGraphSignIn(deps: GraphSignInDeps): GraphSignIn {
  const { graph } = deps;
  const newApp = () =>
    new PublicClientApplication({ auth: { clientId: graph.clientId, ...authorityOptions(graph) }, system: systemOptions(deps.network) });

  return {
    redirectUri: graph.redirectUri,
    authorityOrigin: new URL(graph.authorityHost).origin,

    async createSignInRequest(options = {}) {
      const redirectUri = options.redirectUri ?? graph.redirectUri;
      if (!sameRedirectTarget(redirectUri, graph.redirectUri)) {
        throw new BackendError('permission', 'the sign-in redirect URI differs from backend.graph.redirectUri by more than a loopback port');
      }
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const state = randomToken();
      const nonce = randomToken();
      try {
        const url = await newApp().getAuthCodeUrl({
          scopes,
          redirectUri,
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          state,
          nonce,
          // A kiosk must never reuse somebody's session, even one its wiped partition could not hold.
          prompt: PromptValue.LOGIN,
          responseMode: ResponseMode.QUERY,
          ...(options.loginHint ? { loginHint: options.loginHint } : {}),
        });
        return { url, redirectUri, state, verifier, nonce };
      } catch (e) {
        throw backendErrorFromMsal(e, 'sign-in URL');
      }
    },

    async completeSignIn(redirectUrl, pending) {
      const url = parseUrl(redirectUrl);
      const expected = new URL(pending.redirectUri);
      if (!url || url.origin !== expected.origin || url.pathname !== expected.pathname) {
        throw new BackendError('invalid-credentials', 'sign-in ended on an unexpected address');
      }
      const params = url.searchParams;
      const state = params.get('state') ?? '';
      if (!sameSecret(state, pending.state)) throw new BackendError('invalid-credentials', 'sign-in state does not match');

      const error = params.get('error');
      if (error !== null) {
        // e.g. access_denied with AADSTS53003 when Conditional Access blocks the kiosk; the page said why.
        const aadsts = /AADSTS\d+/.exec(params.get('error_description') ?? '')?.[0];
        const transient = error === 'temporarily_unavailable' || error === 'server_error';
        throw new BackendError(transient ? 'unavailable' : 'invalid-credentials', `sign-in ended with ${error}${aadsts ? ` (${aadsts})` : ''}`);
      }
      const code = params.get('code');
      if (!code) throw new BackendError('invalid-credentials', 'sign-in redirect carries no code');

      let claims: Record<string, unknown>;
      try {
        const result = await newApp().acquireTokenByCode(
          { scopes, redirectUri: pending.redirectUri, code, codeVerifier: pending.verifier, state: pending.state, nonce: pending.nonce },
          { code, state, nonce: pending.nonce },
        );
        claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof ServerError && e.errorCode === 'invalid_grant') {
          throw new BackendError('invalid-credentials', `code redemption refused: ${/AADSTS\d+/.exec(e.errorMessage)?.[0] ?? e.errorCode}`);
        }
        throw backendErrorFromMsal(e, 'code redemption');
      }
      // The id token came straight from the token endpoint over TLS, which OpenID Connect Core 3.1.3.7 (6)
      // accepts in place of a signature check; its audience and tenant are still ours to check.
      if (claims.aud !== graph.clientId) throw new BackendError('invalid-credentials', 'id token audience is not this app');
      if (/^[0-9a-f-]{36}$/i.test(graph.tenantId) && String(claims.tid).toLowerCase() !== graph.tenantId.toLowerCase()) {
        throw new BackendError('invalid-credentials', 'id token comes from another tenant');
      }
      const oid = typeof claims.oid === 'string' ? claims.oid : '';
      const account = await deps.findUserById(oid);
      if (!account) throw new BackendError('not-found', 'the signed-in user is not served here (userFilter) or no longer exists');
      return account;
    },
  };
}

/** Same redirect target: identical, or http loopback URIs that differ only by port. https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions */
function sameRedirectTarget(candidate: string, registered: string): boolean {
  if (candidate === registered) return true;
  const a = parseUrl(candidate);
  const b = parseUrl(registered);
  const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
  return !!a && !!b && a.protocol === 'http:' && b.protocol === 'http:' && loopback.has(a.hostname) && a.hostname === b.hostname && a.pathname === b.pathname && a.search === '' && b.search === '';
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
