import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jwks, signJwt, verifyClientAssertion } from './jwt';
import { escapeHtml, oauthError, ok, redirect, type Reply } from './reply';
import { findByUpnOrId, graphAppId, graphResource, type TenantContext } from './tenant';

/**
 * The Microsoft identity platform endpoints of one tenant, under `/{tenant}/`:
 * - `v2.0/.well-known/openid-configuration` — https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 * - `discovery/v2.0/keys` (JWKS) — https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover
 * - `oauth2/v2.0/authorize` with a sign-in form, and `oauth2/v2.0/token` for client credentials and for the
 *   authorization code with PKCE — https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
 *   https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export function handleAuthority(ctx: TenantContext, method: string, url: URL, form: URLSearchParams): Reply | null {
  const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token)$/.exec(url.pathname);
  if (!m) return null;
  const [, tenant, endpoint] = m;
  // A tenant is named by its id (or, at Entra, a verified domain); anything else is unknown.
  if (tenant !== ctx.tenantId) return oauthError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
  const base = `${ctx.origin}/${ctx.tenantId}`;
  switch (endpoint) {
    case 'v2.0/.well-known/openid-configuration':
      return ok(openIdConfiguration(ctx));
    case 'discovery/v2.0/keys':
      return ok(jwks(ctx.key, `${base}/v2.0`));
    case 'oauth2/v2.0/authorize':
      return method === 'POST' ? submitSignIn(ctx, form) : showSignIn(ctx, url.searchParams);
    default:
      return method === 'POST' ? token(ctx, form) : oauthError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  }
}

function openIdConfiguration(ctx: TenantContext): Record<string, unknown> {
  const base = `${ctx.origin}/${ctx.tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

const authorizeParams = ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'response_mode', 'prompt', 'login_hint'];

function showSignIn(ctx: TenantContext, params: URLSearchParams, problem?: string): Reply {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  // An unknown app or redirect URI is reported on the page: redirecting there would hand a code to a stranger.
  if (clientId !== ctx.clientId) return errorPage(700016, `Application with identifier '${clientId}' was not found in the directory.`);
  if (!ctx.redirectUris.some((registered) => redirectMatches(redirectUri, registered))) {
    return errorPage(50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  }
  if (params.get('response_type') !== 'code') return redirectError(params, 'unsupported_response_type', 700054, "response_type 'id_token' is not enabled for the application.");
  // PKCE: code_challenge_method "S256" (recommended) or "plain", the default when it is left out.
  // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
  const method = params.get('code_challenge_method') ?? 'plain';
  if (params.get('code_challenge') !== null && method !== 'S256' && method !== 'plain') {
    return redirectError(params, 'invalid_request', 50148, 'The code_challenge_method is not supported; use S256.');
  }
  const hidden = authorizeParams
    .filter((p) => params.get(p) !== null)
    .map((p) => `<input type="hidden" name="${p}" value="${escapeHtml(params.get(p) ?? '')}">`)
    .join('\n      ');
  const loginHint = escapeHtml(params.get('login_hint') ?? '');
  const html = `<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Se connecter à votre compte</title></head>
  <body>
    <main>
      <h1 id="loginHeader">Se connecter</h1>
      ${problem ? `<div id="passwordError" role="alert">${escapeHtml(problem)}</div>` : ''}
      <form method="post" action="${escapeHtml(`/${ctx.tenantId}/oauth2/v2.0/authorize`)}">
      ${hidden}
        <label for="i0116">E-mail, téléphone ou identifiant Skype</label>
        <input id="i0116" name="login" type="email" autocomplete="username" value="${loginHint}" required>
        <label for="i0118">Mot de passe</label>
        <input id="i0118" name="passwd" type="password" autocomplete="current-password" required>
        <input id="idSIButton9" type="submit" value="Se connecter">
      </form>
    </main>
  </body>
</html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, html };
}

function submitSignIn(ctx: TenantContext, form: URLSearchParams): Reply {
  const check = showSignIn(ctx, form);
  if (check.status !== 200) return check;
  const entry = findByUpnOrId(ctx, (form.get('login') ?? '').trim());
  if (!entry || entry.password !== (form.get('passwd') ?? '')) {
    // AADSTS50126, worded as Entra's page words it.
    return showSignIn(ctx, form, "Votre compte ou mot de passe est incorrect. Si vous ne vous souvenez pas de votre mot de passe, réinitialisez-le maintenant.");
  }
  if (entry.user.accountEnabled === false) return errorPage(50057, 'The user account is disabled.');
  if (entry.signInBlocked) {
    return redirectError(form, 'access_denied', 53003, 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.');
  }
  const code = randomBytes(32).toString('base64url');
  ctx.codes.set(code, {
    clientId: ctx.clientId,
    redirectUri: form.get('redirect_uri') ?? '',
    scope: form.get('scope') ?? 'openid',
    userId: entry.user.id,
    nonce: form.get('nonce') ?? undefined,
    codeChallenge: form.get('code_challenge') ?? undefined,
    codeChallengeMethod: form.get('code_challenge_method') === 'S256' ? 'S256' : 'plain',
    // Authorization codes are short lived, about ten minutes.
    expiresAt: Date.now() + 10 * 60_000,
    redeemed: false,
  });
  return redirect(withQuery(form.get('redirect_uri') ?? '', { code, state: form.get('state'), session_state: randomUUID() }));
}

function token(ctx: TenantContext, form: URLSearchParams): Reply {
  const grantType = form.get('grant_type') ?? '';
  const reply = grantType === 'client_credentials' ? clientCredentials(ctx, form) : grantType === 'authorization_code' ? authorizationCode(ctx, form) : oauthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  ctx.tokenRequests.push({ grantType, status: reply.status });
  return reply;
}

function clientCredentials(ctx: TenantContext, form: URLSearchParams): Reply {
  if (form.get('client_id') !== ctx.clientId) return oauthError(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`);
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret !== ctx.clientSecret) {
      return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    }
  } else if (assertion !== null) {
    const refused = checkAssertion(ctx, form, assertion);
    if (refused) return refused;
  } else {
    return oauthError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  // Client credentials ask for `{resource}/.default`: the permissions granted to the app, nothing per request.
  const scope = form.get('scope') ?? '';
  if (!scope.endsWith('/.default') || scope.trim().includes(' ')) {
    return oauthError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resource = scope.slice(0, -'/.default'.length);
  if (resource !== graphResource && resource !== graphAppId) {
    return oauthError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant.`);
  }
  return ok({
    token_type: 'Bearer',
    expires_in: ctx.tokenLifetimeSeconds,
    ext_expires_in: ctx.tokenLifetimeSeconds,
    access_token: accessToken(ctx, { roles: ctx.appPermissions, idtyp: 'app', oid: randomUUID(), sub: randomUUID() }),
  });
}

function checkAssertion(ctx: TenantContext, form: URLSearchParams, assertion: string): Reply | null {
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
  }
  if (!ctx.appCertificate) return oauthError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  const verified = verifyClientAssertion(ctx.appCertificate, assertion);
  if (!verified.ok) return oauthError(401, 'invalid_client', 700027, `Client assertion failed signature validation: ${verified.why}.`);
  const p = verified.payload;
  const now = Math.floor(Date.now() / 1000);
  if (p.aud !== `${ctx.origin}/${ctx.tenantId}/oauth2/v2.0/token`) return oauthError(401, 'invalid_client', 700021, 'Client assertion audience claim does not match Realm issuer.');
  if (p.iss !== ctx.clientId || p.sub !== ctx.clientId) return oauthError(401, 'invalid_client', 700023, 'Client assertion issuer or subject is not the client id.');
  if (typeof p.exp !== 'number' || p.exp < now) return oauthError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  return null;
}

function authorizationCode(ctx: TenantContext, form: URLSearchParams): Reply {
  // A redirect URI of the "Mobile and desktop applications" platform makes this a public client.
  if (form.get('client_secret') !== null || form.get('client_assertion') !== null) {
    return oauthError(401, 'invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
  }
  const code = form.get('code') ?? '';
  const grant = ctx.codes.get(code);
  if (!grant || grant.clientId !== form.get('client_id')) return oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  // A code is redeemed once (AADSTS54005), within about ten minutes (AADSTS70008), for the redirect URI it was
  // issued to (AADSTS50000); https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
  if (grant.redeemed) return oauthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
  if (grant.expiresAt < Date.now()) return oauthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
  if (grant.redirectUri !== form.get('redirect_uri')) return oauthError(400, 'invalid_grant', 50000, 'The redirect_uri does not match the one of the authorization request.');
  if (grant.codeChallenge !== undefined) {
    // The code_verifier of the authorization request must come back with its code:
    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
    // S256: BASE64URL(SHA256(code_verifier)) equals the challenge; plain: the verifier is the challenge. RFC 7636 §4.6.
    const verifier = form.get('code_verifier') ?? '';
    const derived = grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (derived !== grant.codeChallenge) {
      return oauthError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
  }
  grant.redeemed = true;
  const entry = ctx.directory.get(grant.userId.toLowerCase());
  if (!entry) return oauthError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
  const now = Math.floor(Date.now() / 1000);
  const idToken = signJwt(ctx.key, {
    aud: ctx.clientId,
    iss: `${ctx.origin}/${ctx.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: entry.user.displayName,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    oid: entry.user.id,
    preferred_username: entry.user.userPrincipalName,
    sub: createHash('sha256').update(`${ctx.clientId}:${entry.user.id}`).digest('base64url').slice(0, 43),
    tid: ctx.tenantId,
    ver: '2.0',
  });
  const scopes = grant.scope.split(' ');
  return ok({
    token_type: 'Bearer',
    scope: 'openid profile User.Read',
    expires_in: ctx.tokenLifetimeSeconds,
    ext_expires_in: ctx.tokenLifetimeSeconds,
    access_token: accessToken(ctx, { scp: 'openid profile User.Read', idtyp: 'user', oid: entry.user.id, upn: entry.user.userPrincipalName }),
    ...(scopes.includes('offline_access') ? { refresh_token: randomBytes(48).toString('base64url') } : {}),
    id_token: idToken,
    client_info: Buffer.from(JSON.stringify({ uid: entry.user.id, utid: ctx.tenantId })).toString('base64url'),
  });
}

function accessToken(ctx: TenantContext, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const uti = randomUUID();
  ctx.issuedTokens.add(uti);
  return signJwt(ctx.key, {
    aud: graphResource,
    iss: `https://sts.windows.net/${ctx.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + ctx.tokenLifetimeSeconds,
    appid: ctx.clientId,
    tid: ctx.tenantId,
    ver: '1.0',
    uti,
    ...claims,
  });
}

function errorPage(code: number, message: string): Reply {
  return {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    html: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur de connexion</title></head><body><main><h1>Désolé, nous ne pouvons pas vous connecter.</h1><p id="errorCode">AADSTS${code}: ${escapeHtml(message)}</p></main></body></html>`,
  };
}

function redirectError(params: URLSearchParams, error: string, code: number, description: string): Reply {
  return redirect(withQuery(params.get('redirect_uri') ?? '', { error, error_description: `AADSTS${code}: ${description}`, state: params.get('state') }));
}

/**
 * Exact match, except that the port of an http://localhost or http://127.0.0.1 redirect URI is ignored.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions
 */
function redirectMatches(candidate: string, registered: string): boolean {
  if (candidate === registered) return true;
  try {
    const a = new URL(candidate);
    const b = new URL(registered);
    const loopback = a.protocol === 'http:' && b.protocol === 'http:' && (a.hostname === 'localhost' || a.hostname === '127.0.0.1');
    return loopback && a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search;
  } catch {
    return false;
  }
}

function withQuery(base: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
