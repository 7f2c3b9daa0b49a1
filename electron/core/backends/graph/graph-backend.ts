import { readFileSync } from 'node:fs';
import type { EmailAuthenticationMethod, PasswordProfile, PhoneAuthenticationMethod, User } from '@microsoft/microsoft-graph-types';
import type { Clock, Sleeper } from '../../clock';
import type { Config } from '../../config/schema';
import { secretName } from '../../config/secrets';
import type { GraphSection } from '../../config/sections/graph';
import type { PolicyReason } from '../../../../shared/errors';
import {
  BackendError,
  type Account,
  type AccountProfile,
  type BackendCapabilities,
  type BackendErrorKind,
  type IdentityBackend,
  type Methods,
  type OpenBackend,
  type SignInResult,
} from '../identity-backend';
import { createAppTokenSource, createConfidentialClient, type GraphSecrets } from './app-token';
import { createGraphClient, GraphHttpError, type GraphCall, type GraphClient } from './graph-client';
import { photoDataUrl } from '../profile-photo';
import { fromGraphPhone, toGraphPhone } from './graph-phone';
import { createGraphSignIn, type GraphSignIn } from './graph-sign-in';
import { createHttpsTransport, msalNetworkModule, type HttpTransport } from './https-transport';
import { graphScope } from './msal-config';

/** Fixed ids Graph gives each phone type and the single email method. */
export const phoneMethodIds = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
} as const;
export const emailMethodId = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

/** A refusal from Graph; `privileged` when it refused a reset because of who the account is, not what the password is. */
export class GraphBackendError extends BackendError {
  constructor(kind: BackendErrorKind, detail: string, reasons: PolicyReason[] = [], privileged = false) {
    super(kind, detail, reasons, privileged);
    this.name = 'GraphBackendError';
  }
}

export type GraphBackendOptions = {
  graph: GraphSection;
  secrets: GraphSecrets;
  /** Country of numbers stored in Entra without a country code. */
  defaultCountry: string;
  clock: Clock;
  /** Waits out Graph's Retry-After. */
  sleeper: Sleeper;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
};

type GraphUser = Required<Pick<User, 'id'>> & Pick<User, 'userPrincipalName' | 'displayName' | 'mail' | 'accountEnabled' | 'onPremisesSyncEnabled'>;

const userSelect = '$select=id,userPrincipalName,displayName,mail,accountEnabled,onPremisesSyncEnabled';
const advancedQuery = { consistencylevel: 'eventual' };

const permissions = {
  read: 'User.Read.All (application permission, with admin consent)',
  photo: 'ProfilePhoto.Read.All or User.Read.All (application permission, with admin consent)',
  methods: 'UserAuthenticationMethod.ReadWrite.All, or UserAuthMethod-Phone.ReadWrite.All and UserAuthMethod-Email.ReadWrite.All (application permissions, with admin consent)',
};

/**
 * Microsoft Entra ID through Microsoft Graph, app-only. Lookups and method writes use application
 * permissions; resets need the User Administrator role as well. Passwords are never checked here:
 * Entra's own sign-in page does that (see graph-sign-in.ts), which is why `signIn` always says 'invalid'.
 */
export class GraphBackend implements IdentityBackend {
  readonly capabilities: BackendCapabilities = { methods: ['phone', 'email'], signIn: 'redirect' };
  /** The authorization-code + PKCE sign-in the shell runs in its own window. */
  readonly redirectSignIn: GraphSignIn;

  constructor(
    private readonly graph: GraphSection,
    private readonly client: GraphClient,
    private readonly transport: HttpTransport,
    private readonly defaultCountry: string,
  ) {
    this.redirectSignIn = createGraphSignIn({
      graph,
      network: msalNetworkModule(transport),
      findUserById: (id) => this.findUserById(id),
    });
  }

  async findUser(identifier: string): Promise<Account | null> {
    const input = identifier.trim();
    if (input.length === 0 || input.length > 320 || hasControlCharacter(input)) return null;
    let candidates: GraphUser[];
    if (input.includes('@')) {
      // Three lookups side by side, so a miss costs the same time as a hit.
      const quoted = odataString(input);
      const [byUpn, byMail, byOtherMail] = await Promise.all([
        this.getUser(userPath(input), 'GET /users/{upn}'),
        this.listUsers(`$filter=${encodeURIComponent(`mail eq ${quoted}`)}&$top=2`, 'GET /users?$filter=mail'),
        this.listUsers(`$filter=${encodeURIComponent(`otherMails/any(m:m eq ${quoted})`)}&$top=2`, 'GET /users?$filter=otherMails'),
      ]);
      candidates = byUpn ? [byUpn] : uniqueById([...byMail, ...byOtherMail]);
    } else {
      candidates = await this.listUsers(
        `$filter=${encodeURIComponent(`startswith(userPrincipalName,${odataString(`${input}@`)})`)}&$top=2`,
        'GET /users?$filter=startswith(userPrincipalName)',
      );
    }
    const only = candidates.length === 1 ? candidates[0] : undefined;
    return only ? this.toAccount(only) : null;
  }

  /** The account behind an object id (the `oid` of a sign-in), with the same filter as findUser. */
  async findUserById(id: string): Promise<Account | null> {
    if (!objectId.test(id)) return null;
    const user = await this.getUser(userById(id), 'GET /users/{id}');
    return user ? this.toAccount(user) : null;
  }

  /** Entra proves passwords on its own sign-in page (capabilities.signIn = 'redirect'); Guichet never sees them. */
  async signIn(_identifier: string, _password: string): Promise<SignInResult> {
    return { status: 'invalid' };
  }

  async getMethods(account: Account): Promise<Methods> {
    const [phones, emails] = await Promise.all([this.listPhones(account), this.listEmails(account)]);
    const mobile = phones.find((p) => p.phoneType === 'mobile');
    const phone = mobile?.phoneNumber ? fromGraphPhone(mobile.phoneNumber, this.defaultCountry) : null;
    const email = emails[0]?.emailAddress ?? undefined;
    return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  }

  async setPhone(account: Account, e164: string | null): Promise<void> {
    const phoneNumber = e164 === null ? null : toGraphPhone(e164);
    if (e164 !== null && phoneNumber === null) {
      throw new GraphBackendError('policy-violation', 'phone number is not a valid E.164 number; nothing was sent to Graph');
    }
    const phones = await this.listPhones(account);
    const mobile = phones.find((p) => p.phoneType === 'mobile');
    const alternate = phones.find((p) => p.phoneType === 'alternateMobile');
    const base = `${userById(account.id)}/authentication/phoneMethods`;

    if (phoneNumber === null) {
      if (!mobile) return;
      if (alternate?.phoneNumber) {
        // Graph keeps no alternateMobile without a mobile; its documented way out is to promote the alternate.
        // https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-delete
        await this.write({ method: 'PATCH', path: `${base}/${phoneMethodIds.mobile}`, op: 'PATCH /phoneMethods/{mobile}', body: phoneBody(alternate.phoneNumber) });
        await this.write({ method: 'DELETE', path: `${base}/${phoneMethodIds.alternateMobile}`, op: 'DELETE /phoneMethods/{alternateMobile}' });
        return;
      }
      await this.write({ method: 'DELETE', path: `${base}/${phoneMethodIds.mobile}`, op: 'DELETE /phoneMethods/{mobile}' });
      return;
    }
    if (mobile) {
      if (mobile.phoneNumber === phoneNumber) return;
      await this.write({ method: 'PATCH', path: `${base}/${phoneMethodIds.mobile}`, op: 'PATCH /phoneMethods/{mobile}', body: phoneBody(phoneNumber) });
      return;
    }
    await this.write({ method: 'POST', path: base, op: 'POST /phoneMethods', body: phoneBody(phoneNumber) });
  }

  async setEmail(account: Account, address: string | null): Promise<void> {
    const emailAddress = address?.trim() ?? null;
    if (emailAddress !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailAddress)) {
      throw new GraphBackendError('policy-violation', 'email address is malformed; nothing was sent to Graph');
    }
    const current = (await this.listEmails(account))[0];
    const base = `${userById(account.id)}/authentication/emailMethods`;
    if (emailAddress === null) {
      if (current) await this.write({ method: 'DELETE', path: `${base}/${emailMethodId}`, op: 'DELETE /emailMethods/{id}' });
      return;
    }
    const body: EmailAuthenticationMethod = { emailAddress };
    if (current) {
      if (current.emailAddress?.toLowerCase() === emailAddress.toLowerCase()) return;
      await this.write({ method: 'PATCH', path: `${base}/${emailMethodId}`, op: 'PATCH /emailMethods/{id}', body });
      return;
    }
    await this.write({ method: 'POST', path: base, op: 'POST /emailMethods', body });
  }

  /**
   * App-only resetPassword does not exist in Graph; PATCH passwordProfile does, with User Administrator.
   * https://learn.microsoft.com/en-us/graph/api/user-update
   */
  async resetPassword(account: Account, newPassword: string): Promise<void> {
    const passwordProfile: PasswordProfile = { password: newPassword, forceChangePasswordNextSignIn: false };
    const body: User = { passwordProfile };
    try {
      await this.client.call({ method: 'PATCH', path: userById(account.id), op: 'PATCH /users/{id} passwordProfile', body });
    } catch (e) {
      if (!(e instanceof GraphHttpError)) throw e;
      if (e.status === 403) {
        const why = account.privileged
          ? 'the account holds a directory role that User Administrator cannot reset'
          : "the account is outside the app's role scope (administrative unit), or the app lacks the User Administrator role or User-PasswordProfile.ReadWrite.All";
        throw new GraphBackendError('policy-violation', `${e.message}: ${why}`, ['directory-policy'], true);
      }
      if (e.status === 404) throw new GraphBackendError('not-found', `${e.message}: the account no longer exists`);
      if (e.status === 400) {
        if (/on-premises|directory sync/i.test(e.graphMessage)) {
          throw new GraphBackendError('policy-violation', `${e.message}: account is synchronized from on-premises AD; reset it there`, ['directory-policy'], true);
        }
        const history = /history|recently used|previous password|reuse/i.test(e.graphMessage);
        throw new GraphBackendError('policy-violation', `${e.message}: password refused by the tenant's policy`, [history ? 'directory-history' : 'directory-policy']);
      }
      throw this.mapError(e, permissions.read);
    }
  }

  /** Transitive membership, so a nested group of the attendants' group counts as Entra's own checks do. */
  async isMember(account: Account, group: string): Promise<boolean> {
    if (!objectId.test(group)) throw new GraphBackendError('permission', 'kiosk.attendants.group must be the group\'s object id on Entra ID');
    return this.inGroup(account.id, group);
  }

  async getProfile(account: Account): Promise<AccountProfile> {
    const [user, photo] = await Promise.all([
      this.read(`${userById(account.id)}?$select=department,jobTitle,employeeId`, 'GET /users/{id} (profile)', permissions.read, { notFound: 'account' }) as Promise<User | undefined>,
      this.photo(account),
    ]);
    return {
      ...(user?.department ? { department: user.department } : {}),
      ...(user?.jobTitle ? { title: user.jobTitle } : {}),
      ...(user?.employeeId ? { employeeId: user.employeeId } : {}),
      ...(photo ? { photo } : {}),
    };
  }

  /** 404 is Graph's answer for a user without a photo. https://learn.microsoft.com/en-us/graph/api/profilephoto-get */
  private async photo(account: Account): Promise<string | undefined> {
    try {
      const r = await this.client.call({ method: 'GET', path: `${userById(account.id)}/photo/$value`, op: 'GET /users/{id}/photo/$value', headers: { accept: 'image/*' } });
      return photoDataUrl(r.bytes);
    } catch (e) {
      if (e instanceof GraphHttpError && e.status === 404) return undefined;
      throw e instanceof GraphHttpError ? this.mapError(e, permissions.photo) : e;
    }
  }

  /**
   * A one-time Temporary Access Pass, returned to be shown once: Graph never returns its value again, and
   * neither this method nor its errors ever put it in a message.
   * https://learn.microsoft.com/en-us/graph/api/authentication-post-temporaryaccesspassmethods
   */
  async issueTemporaryAccessPass(account: Account, lifetimeInMinutes: number): Promise<{ pass: string; expiresAt?: number }> {
    let r;
    try {
      r = await this.client.call({
        method: 'POST',
        path: `${userById(account.id)}/authentication/temporaryAccessPassMethods`,
        op: 'POST /temporaryAccessPassMethods',
        body: { isUsableOnce: true, lifetimeInMinutes },
      });
    } catch (e) {
      if (!(e instanceof GraphHttpError)) throw e;
      if (e.status === 404) throw new GraphBackendError('not-found', `${e.message}: the account no longer exists`);
      // The tenant's Temporary Access Pass policy is off, or forbids this lifetime or one-time use.
      if (e.status === 400) throw new GraphBackendError('permission', `${e.message}: check the Temporary Access Pass policy (enabled, one-time use, lifetime)`);
      throw this.mapError(e, permissions.methods);
    }
    const json = r.json as { temporaryAccessPass?: unknown; startDateTime?: unknown; lifetimeInMinutes?: unknown } | undefined;
    if (typeof json?.temporaryAccessPass !== 'string' || json.temporaryAccessPass.length === 0) {
      throw new GraphBackendError('unavailable', 'POST /temporaryAccessPassMethods answered without a pass');
    }
    const start = typeof json.startDateTime === 'string' ? Date.parse(json.startDateTime) : NaN;
    const minutes = typeof json.lifetimeInMinutes === 'number' ? json.lifetimeInMinutes : lifetimeInMinutes;
    return { pass: json.temporaryAccessPass, ...(Number.isNaN(start) ? {} : { expiresAt: start + minutes * 60_000 }) };
  }

  async ping(): Promise<boolean> {
    try {
      await this.client.call({ method: 'GET', path: '/users?$top=1&$select=id', op: 'GET /users (ping)' });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  private async toAccount(user: GraphUser): Promise<Account | null> {
    const filter = this.graph.userFilter;
    const [member, roles] = await Promise.all([
      filter === undefined ? Promise.resolve(true) : this.inGroup(user.id, filter),
      // Holding any directory role is what Entra's own SSPR treats as an administrator; User Administrator
      // cannot reset most of them, and the visitor is better told before proving anything.
      this.read(`${userById(user.id)}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=id&$top=1`, 'GET /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole').then(
        (r) => collection(r).length > 0,
      ),
    ]);
    if (!member) return null;
    return {
      id: user.id,
      username: user.userPrincipalName ?? user.id,
      displayName: user.displayName ?? user.userPrincipalName ?? '',
      ...(user.mail ? { mail: user.mail } : {}),
      disabled: user.accountEnabled === false,
      // Entra's smart lockout is not readable through Graph; its sign-in page reports it instead.
      locked: false,
      privileged: roles || user.onPremisesSyncEnabled === true,
    };
  }

  private async inGroup(userId: string, groupId: string): Promise<boolean> {
    const r = await this.read(
      `${userById(userId)}/transitiveMemberOf/microsoft.graph.group?$filter=${encodeURIComponent(`id eq ${odataString(groupId)}`)}&$count=true&$select=id`,
      'GET /users/{id}/transitiveMemberOf/microsoft.graph.group',
    );
    return collection(r).length > 0;
  }

  private async getUser(path: string, op: string): Promise<GraphUser | null> {
    try {
      const r = await this.client.call({ method: 'GET', path: `${path}?${userSelect}`, op });
      return asGraphUser(r.json);
    } catch (e) {
      // 400: not a well-formed UPN or id, which is as good as nobody.
      if (e instanceof GraphHttpError && (e.status === 404 || e.status === 400)) return null;
      throw e instanceof GraphHttpError ? this.mapError(e, permissions.read) : e;
    }
  }

  private async listUsers(query: string, op: string): Promise<GraphUser[]> {
    const r = await this.read(`/users?${query}&${userSelect}`, op);
    return collection(r).flatMap((u) => {
      const user = asGraphUser(u);
      return user ? [user] : [];
    });
  }

  private async listPhones(account: Account): Promise<PhoneAuthenticationMethod[]> {
    const r = await this.read(`${userById(account.id)}/authentication/phoneMethods`, 'GET /phoneMethods', permissions.methods, { notFound: 'account' });
    return collection(r) as PhoneAuthenticationMethod[];
  }

  private async listEmails(account: Account): Promise<EmailAuthenticationMethod[]> {
    const r = await this.read(`${userById(account.id)}/authentication/emailMethods`, 'GET /emailMethods', permissions.methods, { notFound: 'account' });
    return collection(r) as EmailAuthenticationMethod[];
  }

  private async read(path: string, op: string, permission = permissions.read, opts: { notFound?: 'account' } = {}): Promise<unknown> {
    try {
      const r = await this.client.call({ method: 'GET', path, op, headers: path.includes('$count=true') ? advancedQuery : undefined });
      return r.json;
    } catch (e) {
      if (e instanceof GraphHttpError && e.status === 404 && opts.notFound === 'account') {
        throw new GraphBackendError('not-found', `${e.message}: the account no longer exists`);
      }
      throw e instanceof GraphHttpError ? this.mapError(e, permission) : e;
    }
  }

  private async write(call: GraphCall): Promise<void> {
    try {
      await this.client.call(call);
    } catch (e) {
      if (!(e instanceof GraphHttpError)) throw e;
      if (e.status === 404) throw new GraphBackendError('not-found', `${e.message}: the account or method no longer exists`);
      // Our inputs are checked before sending, so a 400 is a rule of the tenant (e.g. the default MFA method).
      if (e.status === 400) throw new GraphBackendError('policy-violation', `${e.message}: Graph refused the change`, ['directory-policy']);
      throw this.mapError(e, permissions.methods);
    }
  }

  private mapError(e: GraphHttpError, permission: string): BackendError {
    if (e.status === 403) return new GraphBackendError('permission', `${e.message}: the app needs ${permission}`);
    return new GraphBackendError('unavailable', e.message);
  }
}

/** Builds the backend from its config section and resolved secrets. */
export function createGraphBackend(options: GraphBackendOptions): GraphBackend {
  const { graph } = options;
  const ca = graph.caFile === undefined ? undefined : readFileSync(graph.caFile, 'utf8');
  const transport = createHttpsTransport({ ca, timeoutMs: options.timeoutMs ?? 15_000 });
  const cca = createConfidentialClient(graph, options.secrets, msalNetworkModule(transport));
  const client = createGraphClient({
    baseUrl: graph.graphBaseUrl,
    transport,
    token: createAppTokenSource(cca, graphScope(graph.graphBaseUrl)),
    clock: options.clock,
    sleeper: options.sleeper,
  });
  return new GraphBackend(graph, client, transport, options.defaultCountry);
}

/** The backend from the whole config and the secrets resolved by name, as bootstrap opens every backend. */
export const openGraphBackend: OpenBackend<GraphBackend> = async (config, { secrets, clock, sleeper }) =>
  createGraphBackend(optionsFromConfig(config, secrets, clock, sleeper));

function optionsFromConfig(config: Config, secrets: ReadonlyMap<string, string>, clock: Clock, sleeper: Sleeper): GraphBackendOptions {
  const graph = config.backend.graph;
  if (!graph) throw new BackendError('permission', 'backend.graph is missing');
  const resolve = (ref: string | undefined) => (ref === undefined ? undefined : secrets.get(secretName(ref)));
  return {
    graph,
    secrets: { clientSecret: resolve(graph.clientSecret), privateKey: resolve(graph.privateKey) },
    defaultCountry: config.phone.defaultCountry,
    clock,
    sleeper,
  };
}

/** OData string literal: quotes doubled. https://learn.microsoft.com/en-us/graph/query-parameters#escaping-single-quotes */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A UPN starting with `$` must be addressed as /users('$x@y'). https://learn.microsoft.com/en-us/graph/api/user-get */
const objectId = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * `/users/{id}` for an object id, encoded. Anything else is no account of this tenant: it never becomes a
 * path of its own (`x/../../beta/groups` would otherwise reach another endpoint with the app's token).
 */
export function userById(id: string): string {
  if (!objectId.test(id)) throw new GraphBackendError('not-found', 'not a Graph object id; nothing was sent');
  return `/users/${encodeURIComponent(id)}`;
}

export function userPath(upn: string): string {
  return upn.startsWith('$') ? `/users(${encodeURIComponent(odataString(upn))})` : `/users/${encodeURIComponent(upn)}`;
}

function phoneBody(phoneNumber: string): PhoneAuthenticationMethod {
  return { phoneNumber, phoneType: 'mobile' };
}

function collection(json: unknown): unknown[] {
  const value = (json as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? value : [];
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function uniqueById(users: GraphUser[]): GraphUser[] {
  return [...new Map(users.map((u) => [u.id, u])).values()];
}

function asGraphUser(json: unknown): GraphUser | null {
  if (typeof json !== 'object' || json === null) return null;
  const u = json as User;
  return typeof u.id === 'string' ? { ...u, id: u.id } : null;
}
