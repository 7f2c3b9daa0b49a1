import type { AppRoleAssignment, DirectoryEntry } from './directory';
import type { SigningKey } from './jwt';

/** An authorization code waiting to be redeemed. */
export type CodeGrant = {
  clientId: string;
  redirectUri: string;
  scope: string;
  userId: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod: 'plain' | 'S256';
  expiresAt: number;
  redeemed: boolean;
};

/** Everything the token service and Graph share: the app registration, the directory, the issued tokens. */
export type TenantContext = {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM of the certificate credential uploaded to the app registration, if any. */
  appCertificate?: string;
  /** Application permissions granted with admin consent; they become the token's `roles`. */
  appPermissions: string[];
  /** Directory roles of the app's service principal. */
  appDirectoryRoles: AppRoleAssignment[];
  /** Redirect URIs of the "Mobile and desktop applications" platform (public client). */
  redirectUris: string[];
  tokenLifetimeSeconds: number;
  key: SigningKey;
  directory: Map<string, DirectoryEntry>;
  codes: Map<string, CodeGrant>;
  /** `uti` of every access token issued, and of those declared expired. */
  issuedTokens: Set<string>;
  revokedTokens: Set<string>;
  tokenRequests: Array<{ grantType: string; status: number }>;
  /** Every Temporary Access Pass handed out, for tests that look for it where it must not be. */
  issuedTemporaryAccessPasses: string[];
};

export const graphResource = 'https://graph.microsoft.com';
export const graphAppId = '00000003-0000-0000-c000-000000000000';

export function findByUpnOrId(ctx: TenantContext, key: string): DirectoryEntry | undefined {
  const byId = ctx.directory.get(key.toLowerCase());
  if (byId) return byId;
  const k = key.toLowerCase();
  return [...ctx.directory.values()].find((e) => e.user.userPrincipalName.toLowerCase() === k);
}
