import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEntry, type AppRoleAssignment, type DirectoryEntry, type FakeUser } from './directory';
import { handleGraph } from './graph-service';
import { createSigningKey } from './jwt';
import { graphError, type Reply } from './reply';
import { createAppCertificate, sharedTlsMaterial, type AppCertificate } from './tls-material';
import type { TenantContext } from './tenant';
import { handleAuthority } from './token-service';

export type { FakeUser, DirectoryEntry } from './directory';

export type FakeGraphOptions = {
  users: FakeUser[];
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Application permissions granted to the app (default: what Guichet's README asks for). */
  appPermissions?: string[];
  /** Directory roles of the app (default: User Administrator over the whole tenant). */
  appDirectoryRoles?: AppRoleAssignment[];
  /** Redirect URIs registered under "Mobile and desktop applications". */
  redirectUris?: string[];
  /** Also register a certificate credential, returned as `certificate`. */
  certificateCredential?: boolean;
  tokenLifetimeSeconds?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder for the CA file (default: a new temporary folder, removed by stop()). */
  dir?: string;
};

export type FakeGraphRequest = { method: string; path: string; status: number; kind: 'graph' | 'token' | 'authority' };

export type FakeGraphState = {
  /** By object id (lower case); read and change freely between calls. */
  users: Map<string, DirectoryEntry>;
  /** Every request, in order. */
  requests: FakeGraphRequest[];
  /** Every call of the token endpoint, by grant type, with its status. */
  tokenRequests: Array<{ grantType: string; status: number }>;
  issuedTemporaryAccessPasses: string[];
  userByUpn(upn: string): DirectoryEntry;
};

export type FakeGraph = {
  authorityHost: string;
  graphBaseUrl: string;
  caFile: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  certificate?: AppCertificate;
  redirectUri: string;
  state: FakeGraphState;
  /** The next `count` Graph requests are throttled (429, or 503) with this Retry-After. */
  throttleNext(count: number, options?: { status?: 429 | 503; retryAfterSeconds?: number | null }): void;
  /** Every access token issued so far is now refused as expired. */
  expireTokens(): void;
  /** The `backend.graph` config section pointing here. */
  graphSection(secretName?: string): Record<string, unknown>;
  stop(): Promise<void>;
};

export const defaultAppPermissions = ['User.Read.All', 'UserAuthenticationMethod.ReadWrite.All', 'User-PasswordProfile.ReadWrite.All'];

/**
 * A local Microsoft Entra ID: the identity platform's token endpoints and the slice of Microsoft Graph v1.0
 * Guichet uses, over HTTPS on 127.0.0.1 with its own CA. Each rule cites the Microsoft Learn page it comes from
 * (token-service.ts, graph-service.ts, directory.ts).
 */
export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const tls = await sharedTlsMaterial();
  const certificate = options.certificateCredential ? await createAppCertificate() : undefined;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'guichet-fake-graph-')));
  const caFile = join(dir, 'fake-graph-ca.pem');
  await writeFile(caFile, tls.caCert);

  const directory = new Map<string, DirectoryEntry>();
  for (const u of options.users) {
    const entry = createEntry(u);
    directory.set(entry.user.id.toLowerCase(), entry);
  }
  const ctx: TenantContext = {
    origin: '',
    tenantId: options.tenantId ?? randomUUID(),
    clientId: options.clientId ?? randomUUID(),
    clientSecret: options.clientSecret ?? `${randomBytes(3).toString('hex')}~${randomBytes(27).toString('base64url')}`,
    appCertificate: certificate?.cert,
    appPermissions: options.appPermissions ?? defaultAppPermissions,
    appDirectoryRoles: options.appDirectoryRoles ?? [{ role: 'User Administrator' }],
    redirectUris: options.redirectUris ?? ['http://localhost/guichet-signin'],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    key: createSigningKey(),
    directory,
    codes: new Map(),
    issuedTokens: new Set(),
    revokedTokens: new Set(),
    tokenRequests: [],
    issuedTemporaryAccessPasses: [],
  };
  const requests: FakeGraphRequest[] = [];
  let throttle: { remaining: number; status: 429 | 503; retryAfterSeconds: number | null } = { remaining: 0, status: 429, retryAfterSeconds: 1 };
  let graphBaseUrl = '';

  const route = (req: IncomingMessage, body: string): { reply: Reply; kind: FakeGraphRequest['kind'] } => {
    const url = new URL(req.url ?? '/', ctx.origin);
    if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) {
      const requestId = randomUUID();
      const clientRequestId = header(req, 'client-request-id') ?? requestId;
      if (throttle.remaining > 0) {
        throttle.remaining -= 1;
        // https://learn.microsoft.com/en-us/graph/throttling: 429 (or 503) with a suggested wait in Retry-After.
        const headers: Record<string, string> = throttle.retryAfterSeconds === null ? {} : { 'retry-after': String(throttle.retryAfterSeconds) };
        const reply = throttle.status === 429
          ? graphError(429, 'TooManyRequests', 'Too many requests.', requestId, clientRequestId, headers)
          : graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable for maintenance or is overloaded.', requestId, clientRequestId, headers);
        return { reply, kind: 'graph' };
      }
      const segments = url.pathname.slice('/v1.0/'.length).split('/').filter((s) => s.length > 0).map(safeDecode);
      const reply = handleGraph(ctx, graphBaseUrl, {
        method: req.method ?? 'GET',
        segments,
        query: url.searchParams,
        headers: { authorization: header(req, 'authorization'), consistencylevel: header(req, 'consistencylevel') },
        body,
        requestId,
        clientRequestId,
      });
      reply.headers = { 'request-id': requestId, 'client-request-id': clientRequestId, ...reply.headers };
      return { reply, kind: 'graph' };
    }
    const form = header(req, 'content-type')?.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams();
    const reply = handleAuthority(ctx, req.method ?? 'GET', url, form);
    if (reply) return { reply, kind: url.pathname.endsWith('/oauth2/v2.0/token') ? 'token' : 'authority' };
    return { reply: { status: 404, json: { error: 'not_found' } }, kind: 'authority' };
  };

  const server = createServer({ key: tls.key, cert: tls.cert }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { reply, kind } = route(req, Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', ctx.origin).pathname, status: reply.status, kind });
      const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
      let payload: string | Buffer = '';
      if (reply.bytes !== undefined) {
        headers['content-type'] = reply.bytes.type;
        payload = reply.bytes.data;
      } else if (reply.json !== undefined) {
        headers['content-type'] = 'application/json; charset=utf-8';
        payload = JSON.stringify(reply.json);
      } else if (reply.html !== undefined) {
        payload = reply.html;
      }
      res.writeHead(reply.status, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.origin = `https://127.0.0.1:${port}`;
  graphBaseUrl = `${ctx.origin}/v1.0`;

  return {
    authorityHost: ctx.origin,
    graphBaseUrl,
    caFile,
    tenantId: ctx.tenantId,
    clientId: ctx.clientId,
    clientSecret: ctx.clientSecret,
    ...(certificate ? { certificate } : {}),
    redirectUri: ctx.redirectUris[0] ?? '',
    state: {
      users: directory,
      requests,
      tokenRequests: ctx.tokenRequests,
      issuedTemporaryAccessPasses: ctx.issuedTemporaryAccessPasses,
      userByUpn(upn) {
        const found = [...directory.values()].find((e) => e.user.userPrincipalName.toLowerCase() === upn.toLowerCase());
        if (!found) throw new Error(`no user ${upn} in the fake tenant`);
        return found;
      },
    },
    throttleNext(count, opts = {}) {
      throttle = { remaining: count, status: opts.status ?? 429, retryAfterSeconds: opts.retryAfterSeconds === undefined ? 1 : opts.retryAfterSeconds };
    },
    expireTokens() {
      for (const uti of ctx.issuedTokens) ctx.revokedTokens.add(uti);
    },
    graphSection(secretName = 'GRAPH_CLIENT_SECRET') {
      return {
        tenantId: ctx.tenantId,
        clientId: ctx.clientId,
        clientSecret: `secret:${secretName}`,
        authorityHost: ctx.origin,
        graphBaseUrl,
        caFile,
        redirectUri: ctx.redirectUris[0],
      };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
