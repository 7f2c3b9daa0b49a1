import { constants, createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The signing key of the fake authority, published as a JWKS the way Entra publishes its keys:
 * RS256 tokens whose header names the key by `kid` and `x5t`.
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-tokens
 */
export type SigningKey = { kid: string; privateKey: KeyObject; publicKey: KeyObject };

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 27);
  return { kid, privateKey, publicKey };
}

export function jwks(key: SigningKey, issuer: string): { keys: object[] } {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { keys: [{ kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e, issuer }] };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const head = b64({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid });
  const body = b64({ uti: randomUUID(), ...payload });
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key.privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

export type DecodedJwt = { header: Record<string, unknown>; payload: Record<string, unknown>; signed: Buffer; signature: Buffer };

export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const [head, body, signature] = parts as [string, string, string];
    return {
      header: JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>,
      signed: Buffer.from(`${head}.${body}`),
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return null;
  }
}

/** Checks a token this fake issued. */
export function verifyOwnJwt(key: SigningKey, token: string): Record<string, unknown> | null {
  const jwt = decodeJwt(token);
  if (!jwt || jwt.header.alg !== 'RS256' || jwt.header.kid !== key.kid) return null;
  return verify('RSA-SHA256', jwt.signed, key.publicKey, jwt.signature) ? jwt.payload : null;
}

/**
 * Checks a client assertion signed with the app's certificate: PS256 with `x5t#S256`, or RS256 with `x5t`
 * (SHA-1), the two forms msal-node sends.
 * https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
 */
export function verifyClientAssertion(
  certificatePem: string,
  assertion: string,
): { ok: true; payload: Record<string, unknown> } | { ok: false; why: string } {
  const jwt = decodeJwt(assertion);
  if (!jwt) return { ok: false, why: 'not a JWT' };
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const publicKey = createPublicKey(certificatePem);
  const { alg } = jwt.header;
  if (alg === 'PS256') {
    if (jwt.header['x5t#S256'] !== createHash('sha256').update(der).digest('base64url')) return { ok: false, why: 'x5t#S256 does not name the registered certificate' };
    const ok = verify('sha256', jwt.signed, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
    return ok ? { ok: true, payload: jwt.payload } : { ok: false, why: 'bad signature' };
  }
  if (alg === 'RS256') {
    if (jwt.header.x5t !== createHash('sha1').update(der).digest('base64url')) return { ok: false, why: 'x5t does not name the registered certificate' };
    return verify('RSA-SHA256', jwt.signed, publicKey, jwt.signature) ? { ok: true, payload: jwt.payload } : { ok: false, why: 'bad signature' };
  }
  return { ok: false, why: `unsupported alg ${String(alg)}` };
}
