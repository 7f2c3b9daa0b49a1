import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Attribute, Change, Filter, InvalidCredentialsError, type Client, type Entry } from 'ldapts';
import type { Clock } from '../../clock';
import { MissingSecretError, secretName } from '../../config/secrets';
import type { LdapSection } from '../../config/sections/ldap';
import {
  BackendError,
  type Account,
  type AccountProfile,
  type AccountLocks,
  type BackendCapabilities,
  type IdentityBackend,
  type LockStatus,
  type Methods,
  type OpenBackend,
  type MustChange,
  type SignInResult,
  type UnlockOutcome,
} from '../identity-backend';
import {
  PasswordPolicyControl,
  PolicyHintsControl,
  RelaxRulesControl,
  passwordModifyOid,
  passwordModifyRequest,
  ppolicyErrors,
  unicodePwdValue,
} from './directory-controls';
import { DirectoryConnector, discard, isUsable } from './directory-connector';
import { adBindRefusal, isServerAnswer, passwordRefusal, resultCodeOf, resultCodes, writeRefusal } from './directory-errors';
import { photoDataUrl } from '../profile-photo';
import { readDirectoryPhone, writeDirectoryPhone } from './directory-phone';
import { buildUserFilter, checkUserFilter } from './user-filter';

export type LdapBackendOptions = {
  /** The parsed `backend.ldap` section. */
  config: LdapSection;
  /** The service account password, already resolved from its secret reference. */
  bindPassword: string;
  /** `phone.defaultCountry`: reads numbers stored without a country code. */
  defaultCountry: string;
  clock: Clock;
};

const uacAccountDisable = 0x2;
const uacLockout = 0x10;
/** ppolicy's value for an account an administrator locked for good. */
const lockedForGood = '000001010000Z';

/** Values of an attribute, whatever case the server spelled its name in. */
function valuesOf(entry: Entry, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined || key === 'dn') return [];
  const raw = entry[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v)).filter((v) => v !== '');
}

function firstOf(entry: Entry, name: string): string | undefined {
  return valuesOf(entry, name)[0];
}

function intOf(entry: Entry, name: string): number | undefined {
  const value = firstOf(entry, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function replace(type: string, values: string[] | Buffer[]): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
}

function change(operation: 'add' | 'delete', type: string, values: string[] | Buffer[]): Change {
  return new Change({ operation, modification: new Attribute({ type, values }) });
}

/** Refuses, at start-up and naming the key, a configuration that would put passwords at risk or cannot work. */
function checkConfig(config: LdapSection, bindPassword: string): { urls: string[]; ca?: string } {
  const urls = typeof config.url === 'string' ? [config.url] : [...config.url];
  for (const url of urls) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new Error(`backend.ldap.url: ${url} is not a URL`);
    }
    if (protocol !== 'ldap:' && protocol !== 'ldaps:') {
      throw new Error(`backend.ldap.url: ${url} must start with ldaps:// or ldap://`);
    }
    if (protocol === 'ldap:' && !config.startTls) {
      throw new Error(
        `backend.ldap.url: ${url} is cleartext and backend.ldap.startTls is off; use ldaps:// or turn startTls on (passwords are never sent over a cleartext connection)`,
      );
    }
  }
  checkUserFilter(config.userFilter);
  if (!bindPassword) throw new Error('backend.ldap.bindPassword: the secret is empty');
  let ca: string | undefined;
  if (config.caFile) {
    try {
      ca = readFileSync(config.caFile, 'utf8');
    } catch (err) {
      throw new Error(`backend.ldap.caFile: cannot read ${config.caFile}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { urls, ca };
}

/**
 * Active Directory or OpenLDAP over LDAPS / StartTLS. One pooled connection bound as the service account
 * serves lookups and writes; each sign-in binds on a connection of its own, as the user.
 */
export class LdapBackend implements IdentityBackend {
  readonly capabilities: BackendCapabilities = { methods: ['phone', 'email'], signIn: 'password' };

  private readonly config: LdapSection;
  private readonly bindPassword: string;
  private readonly defaultCountry: string;
  private readonly connector: DirectoryConnector;
  private service?: Promise<Client>;
  private serviceNow?: Client;
  private closed = false;

  constructor(opts: LdapBackendOptions) {
    const { urls, ca } = checkConfig(opts.config, opts.bindPassword);
    this.config = opts.config;
    this.bindPassword = opts.bindPassword;
    this.defaultCountry = opts.defaultCountry;
    this.connector = new DirectoryConnector({
      urls,
      startTls: opts.config.startTls,
      ca,
      connectTimeoutMs: opts.config.connectTimeoutMs,
      timeoutMs: opts.config.timeoutMs,
      clock: opts.clock,
    });
  }

  async findUser(identifier: string): Promise<Account | null> {
    const entry = await this.findEntry(identifier);
    return entry ? this.toAccount(entry) : null;
  }

  async signIn(identifier: string, password: string): Promise<SignInResult> {
    const entry = await this.findEntry(identifier);
    // Unknown accounts still cost a bind, against a name nobody has, so timing does not tell them apart.
    const dn = entry?.dn ?? `cn=${randomUUID()},${this.config.baseDn}`;
    const policy = new PasswordPolicyControl();
    let client: Client;
    try {
      client = await this.connector.bind(dn, password, this.bindControls(policy));
    } catch (err) {
      if (err instanceof BackendError) throw err;
      if (resultCodeOf(err) !== resultCodes.invalidCredentials) {
        throw new BackendError('unavailable', `user bind failed: ${(err as Error).message}`);
      }
      if (!entry) return { status: 'invalid' };
      const refusal = this.refusedBind(err, policy);
      if (refusal === 'disabled') return { status: 'disabled', account: this.toAccount(entry) };
      if (refusal === 'invalid') return { status: 'invalid' };
      // Expired or must-change: the password was right, which is all a sign-in here proves.
      return { status: 'ok', account: this.toAccount(entry), mustChange: refusal };
    }
    discard(client);
    if (!entry) return { status: 'invalid' };
    // ppolicy's pwdReset: the bind succeeds, and the connection may do nothing but change the password.
    const mustChange: MustChange | undefined = policy.error === ppolicyErrors.changeAfterReset ? 'initial' : undefined;
    return { status: 'ok', account: this.toAccount(entry), ...(mustChange ? { mustChange } : {}) };
  }

  /**
   * What a refused user bind says once decoded. AD spells it in the message (data NNN); OpenLDAP in the password
   * policy control, whose passwordExpired it sends only after the right password.
   */
  private refusedBind(err: unknown, policy: PasswordPolicyControl): 'invalid' | 'disabled' | MustChange {
    if (this.config.flavor === 'ad') return adBindRefusal((err as Error).message);
    return policy.error === ppolicyErrors.passwordExpired ? 'expired' : 'invalid';
  }

  private bindControls(policy: PasswordPolicyControl): PasswordPolicyControl[] {
    return this.config.flavor === 'openldap' ? [policy] : [];
  }

  async changePassword(account: Account, current: string, next: string): Promise<void> {
    if (!next) throw new BackendError('policy-violation', 'empty password', ['too-short']);
    const dn = this.dnOf(account);
    const bindPolicy = new PasswordPolicyControl();
    let own: Client | undefined;
    try {
      own = await this.connector.bind(dn, current, this.bindControls(bindPolicy));
    } catch (err) {
      if (err instanceof BackendError) throw err;
      if (resultCodeOf(err) !== resultCodes.invalidCredentials) {
        throw new BackendError('unavailable', `user bind failed: ${(err as Error).message}`);
      }
      const refusal = this.refusedBind(err, bindPolicy);
      if (refusal !== 'initial' && refusal !== 'expired') throw new BackendError('invalid-credentials', 'current password refused');
    }
    const policy = new PasswordPolicyControl();
    const refusal = (err: unknown) => passwordRefusal(err, this.config.flavor, policy.error, 'password change');
    // Never retried, as a reset: a change that reached the server would be refused the second time.
    if (!own) {
      // The directory lets nobody bind with this password, yet said it was right. AD takes the change (old and new
      // value) from anyone: "Change Password" is granted to Everyone by default. slapd will not verify an old
      // password for the service account, which may only write passwords: it sets the new one, under ppolicy's
      // quality and history rules, as for a reset.
      await this.withService(
        'password change',
        (client) => (this.config.flavor === 'ad' ? this.changeOn(client, dn, current, next, policy) : this.setOn(client, dn, next, policy)),
        { retry: false, refusal },
      );
      return;
    }
    try {
      await this.changeOn(own, dn, current, next, policy);
    } catch (err) {
      throw err instanceof BackendError ? err : refusal(err);
    } finally {
      discard(own);
    }
  }

  /** AD: one modify deleting the old value and adding the new, which AD treats as the user's change. */
  private changeOn(client: Client, dn: string, current: string, next: string, policy: PasswordPolicyControl): Promise<unknown> {
    if (this.config.flavor === 'ad') {
      return client.modify(dn, [change('delete', 'unicodePwd', [unicodePwdValue(current)]), change('add', 'unicodePwd', [unicodePwdValue(next)])]);
    }
    return client.exop(passwordModifyOid, passwordModifyRequest(dn, next, current), [policy]);
  }

  private setOn(client: Client, dn: string, next: string, policy: PasswordPolicyControl): Promise<unknown> {
    return client.exop(passwordModifyOid, passwordModifyRequest(dn, next), [policy]);
  }

  readonly locks: AccountLocks = {
    status: async (account) => this.lockStatus(account),
    unlock: async (account) => this.unlock(account),
  };

  private async lockStatus(account: Account): Promise<LockStatus> {
    const attributes = this.config.flavor === 'ad' ? ['lockoutTime', 'msDS-User-Account-Control-Computed'] : ['pwdAccountLockedTime'];
    const entry = await this.withService(
      'reading the lock',
      async (client) => (await client.search(this.dnOf(account), { scope: 'base', attributes })).searchEntries[0],
      { retry: true },
    );
    if (!entry) throw new BackendError('not-found', 'account entry vanished');
    if (this.config.flavor === 'ad') {
      const computed = intOf(entry, 'msDS-User-Account-Control-Computed');
      // The computed flag knows when lockoutDuration has passed; lockoutTime alone stays set until a sign-in.
      const locked = computed !== undefined ? (computed & uacLockout) !== 0 : (intOf(entry, 'lockoutTime') ?? 0) > 0;
      return locked ? 'locked' : 'not-locked';
    }
    const lockedTime = firstOf(entry, 'pwdAccountLockedTime');
    if (lockedTime === undefined) return 'not-locked';
    return lockedTime === lockedForGood ? 'administrative' : 'locked';
  }

  private async unlock(account: Account): Promise<UnlockOutcome> {
    const status = await this.lockStatus(account);
    if (status !== 'locked') return status;
    const dn = this.dnOf(account);
    if (this.config.flavor === 'ad') {
      await this.withService('unlock', (client) => client.modify(dn, replace('lockoutTime', ['0'])), { retry: true });
      return 'unlocked';
    }
    // ppolicy keeps both: without the failures, the next wrong password does not lock again at once. They are
    // operational attributes, written only under the Relax Rules control (and the "manage" access it needs).
    await this.withService(
      'unlock',
      (client) => client.modify(dn, [replace('pwdAccountLockedTime', []), replace('pwdFailureTime', [])], [new RelaxRulesControl()]),
      { retry: true },
    );
    return 'unlocked';
  }

  async getMethods(account: Account): Promise<Methods> {
    const { mobile, alternateEmail } = this.config.attributes;
    const entry = await this.withService(
      'reading methods',
      async (client) => (await client.search(this.dnOf(account), { scope: 'base', attributes: [mobile, alternateEmail] })).searchEntries[0],
      { retry: true },
    );
    if (!entry) throw new BackendError('not-found', 'account entry vanished');
    return {
      phone: readDirectoryPhone(valuesOf(entry, mobile), this.defaultCountry),
      email: firstOf(entry, alternateEmail),
    };
  }

  async setPhone(account: Account, e164: string | null): Promise<void> {
    const value = e164 === null ? [] : [writeDirectoryPhone(e164, this.config.phoneFormat)];
    await this.withService('writing the phone', (client) => client.modify(this.dnOf(account), replace(this.config.attributes.mobile, value)), {
      retry: true,
    });
  }

  async setEmail(account: Account, address: string | null): Promise<void> {
    // The attribute may be multi-valued (otherMailbox on AD): Guichet keeps exactly one value there.
    const value = address === null ? [] : [address];
    await this.withService(
      'writing the email',
      (client) => client.modify(this.dnOf(account), replace(this.config.attributes.alternateEmail, value)),
      { retry: true },
    );
  }

  async resetPassword(account: Account, newPassword: string): Promise<void> {
    if (!newPassword) throw new BackendError('policy-violation', 'empty password', ['too-short']);
    // Never retried: a reset that reached the server before the connection broke would be refused
    // the second time as a reused password.
    if (this.config.flavor === 'ad') {
      await this.withService('password reset', (client) => this.resetAd(client, account, newPassword), {
        retry: false,
        refusal: (err) => passwordRefusal(err, 'ad'),
      });
      return;
    }
    const policy = new PasswordPolicyControl();
    await this.withService(
      'password reset',
      (client) => this.setOn(client, this.dnOf(account), newPassword, policy),
      { retry: false, refusal: (err) => passwordRefusal(err, 'openldap', policy.error) },
    );
  }

  /** One modify, so the directory applies all of it or none of it. */
  private async resetAd(client: Client, account: Account, newPassword: string): Promise<void> {
    const changes: Change[] = [];
    // Before the password: Samba, like AD, stamps pwdLastSet with the reset unless it was given first.
    if (this.config.requirePasswordChange) changes.push(replace('pwdLastSet', ['0']));
    changes.push(replace('unicodePwd', [unicodePwdValue(newPassword)]));
    if (this.config.unlockOnReset) {
      // Only written when the account is locked, so an unlock right is needed only where it is used.
      const current = await client.search(this.dnOf(account), { scope: 'base', attributes: ['lockoutTime'] });
      const lockoutTime = current.searchEntries[0] ? intOf(current.searchEntries[0], 'lockoutTime') : undefined;
      if (lockoutTime !== undefined && lockoutTime > 0) changes.push(replace('lockoutTime', ['0']));
    }
    await client.modify(this.dnOf(account), changes, [new PolicyHintsControl()]);
  }

  /**
   * AD: LDAP_MATCHING_RULE_IN_CHAIN on the user's own entry, so nested groups count. OpenLDAP: the group entry
   * lists the user in `member` or `uniqueMember` (nested groups are not followed).
   */
  async isMember(account: Account, group: string): Promise<boolean> {
    const user = this.dnOf(account);
    const search =
      this.config.flavor === 'ad'
        ? { base: user, filter: `(memberOf:1.2.840.113556.1.4.1941:=${Filter.escape(group)})` }
        : { base: group, filter: `(|(member=${Filter.escape(user)})(uniqueMember=${Filter.escape(user)}))` };
    const result = await this.withService('group check', (client) => client.search(search.base, { scope: 'base', filter: search.filter, attributes: ['1.1'] }), {
      retry: true,
      refusal: (err) =>
        resultCodeOf(err) === resultCodes.noSuchObject && this.config.flavor !== 'ad'
          ? new BackendError('permission', `kiosk.attendants.group ${group} does not exist or the service account cannot read it`)
          : writeRefusal(err, 'group check'),
    });
    return result.searchEntries.length > 0;
  }

  async getProfile(account: Account): Promise<AccountProfile> {
    const { department, title, employeeId, photo } = this.config.attributes;
    const entry = await this.withService(
      'reading the profile',
      async (client) =>
        (await client.search(this.dnOf(account), { scope: 'base', attributes: [department, title, employeeId, photo], explicitBufferAttributes: [photo] }))
          .searchEntries[0],
      { retry: true },
    );
    if (!entry) throw new BackendError('not-found', 'account entry vanished');
    const text = (name: string) => firstOf(entry, name);
    const raw = Object.entries(entry).find(([k]) => k.toLowerCase() === photo.toLowerCase())?.[1];
    const bytes = Array.isArray(raw) ? raw[0] : raw;
    const picture = photoDataUrl(Buffer.isBuffer(bytes) ? bytes : undefined);
    return {
      ...(text(department) ? { department: text(department) } : {}),
      ...(text(title) ? { title: text(title) } : {}),
      ...(text(employeeId) ? { employeeId: text(employeeId) } : {}),
      ...(picture ? { photo: picture } : {}),
    };
  }

  async ping(): Promise<boolean> {
    try {
      await this.withService('ping', (client) => client.search(this.config.baseDn, { scope: 'base', attributes: ['1.1'] }), {
        retry: true,
      });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const service = this.service;
    this.service = undefined;
    this.serviceNow = undefined;
    const client = await service?.catch(() => undefined);
    if (client) await client.unbind().catch(() => undefined);
  }

  private async findEntry(identifier: string): Promise<Entry | null> {
    const input = identifier.trim();
    if (!input) return null;
    const a = this.config.attributes;
    const status =
      this.config.flavor === 'ad'
        ? ['userAccountControl', 'msDS-User-Account-Control-Computed', 'lockoutTime', 'adminCount']
        : ['pwdAccountLockedTime'];
    const result = await this.withService(
      'user search',
      (client) =>
        client.search(this.config.baseDn, {
          scope: 'sub',
          filter: buildUserFilter(this.config.userFilter, input),
          attributes: [a.username, a.displayName, a.mail, ...status],
          // Two are enough to know the identifier is ambiguous.
          sizeLimit: 2,
          timeLimit: Math.ceil(this.config.timeoutMs / 1000),
        }),
      {
        retry: true,
        refusal: (err) =>
          resultCodeOf(err) === resultCodes.noSuchObject
            ? new BackendError('unavailable', `backend.ldap.baseDn ${this.config.baseDn} does not exist`)
            : writeRefusal(err, 'user search'),
      },
    );
    return result.searchEntries.length === 1 ? (result.searchEntries[0] ?? null) : null;
  }

  /**
   * The entry an account id names. An id that is not a DN under baseDn (a decoy's made-up UUID) becomes a
   * well-formed DN nobody has there, so reading it costs the same round trip and answers noSuchObject, never
   * invalidDNSyntax.
   */
  private dnOf(account: Account): string {
    const base = this.config.baseDn.toLowerCase();
    const id = account.id;
    if (id.includes('=') && id.toLowerCase().endsWith(`,${base}`)) return id;
    return `cn=${escapeDnValue(id)},${this.config.baseDn}`;
  }

  private toAccount(entry: Entry): Account {
    const a = this.config.attributes;
    const username = firstOf(entry, a.username) ?? entry.dn;
    const account: Account = {
      id: entry.dn,
      username,
      displayName: firstOf(entry, a.displayName) ?? username,
      mail: firstOf(entry, a.mail),
      disabled: false,
      locked: false,
    };
    if (this.config.flavor === 'ad') {
      const uac = intOf(entry, 'userAccountControl') ?? 0;
      const computed = intOf(entry, 'msDS-User-Account-Control-Computed');
      account.disabled = (uac & uacAccountDisable) !== 0;
      account.locked = computed !== undefined ? (computed & uacLockout) !== 0 : (intOf(entry, 'lockoutTime') ?? 0) > 0;
      // Members of protected groups (AdminSDHolder) carry adminCount=1; delegated rights do not reach them.
      account.privileged = intOf(entry, 'adminCount') === 1;
    } else {
      const lockedTime = firstOf(entry, 'pwdAccountLockedTime');
      account.disabled = lockedTime === lockedForGood;
      account.locked = lockedTime !== undefined && !account.disabled;
    }
    return account;
  }

  /** The pooled service connection, opened and bound again when it was lost. */
  private serviceClient(): Promise<Client> {
    if (this.closed) return Promise.reject(new BackendError('unavailable', 'directory backend closed'));
    const current = this.service;
    if (!current) return this.openService(undefined);
    return current.then(
      (client) => (isUsable(client) ? client : this.openService(current)),
      () => this.openService(current),
    );
  }

  private openService(stale: Promise<Client> | undefined): Promise<Client> {
    // Another caller already replaced the stale connection: share theirs.
    if (this.service && this.service !== stale) return this.serviceClient();
    if (this.serviceNow) discard(this.serviceNow);
    this.serviceNow = undefined;
    const next = this.connector.bind(this.config.bindDn, this.bindPassword).then(
      (client) => {
        if (this.service === next) this.serviceNow = client;
        return client;
      },
      (err: unknown) => {
        if (this.service === next) this.service = undefined;
        if (err instanceof BackendError) throw err;
        if (err instanceof InvalidCredentialsError) {
          throw new BackendError('permission', 'service account bind refused: check backend.ldap.bindDn and its bindPassword secret');
        }
        throw new BackendError('unavailable', `service account bind failed: ${(err as Error).message}`);
      },
    );
    this.service = next;
    return next;
  }

  private drop(client: Client): void {
    if (this.serviceNow === client) {
      this.service = undefined;
      this.serviceNow = undefined;
    }
    discard(client);
  }

  /**
   * Runs one operation on the service connection. A broken connection is replaced; the operation is
   * tried once more on the new one when it is safe to repeat (reads, attribute replaces).
   */
  private async withService<T>(
    what: string,
    op: (client: Client) => Promise<T>,
    opts: { retry: boolean; refusal?: (err: unknown) => BackendError },
  ): Promise<T> {
    const refusal = opts.refusal ?? ((err: unknown) => writeRefusal(err, what));
    for (let attempt = 0; ; attempt++) {
      const client = await this.serviceClient();
      try {
        return await op(client);
      } catch (err) {
        if (err instanceof BackendError) throw err;
        if (isServerAnswer(err)) throw refusal(err);
        this.drop(client);
        if (!opts.retry || attempt > 0) throw refusal(err);
      }
    }
  }
}

/** RFC 4514 escaping of one attribute value in a DN. */
function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=#\0]|^ | $/g, (c) => `\\${c === '\0' ? '00' : c}`);
}

/** The backend for a parsed config whose secrets were resolved at start-up (see resolveConfigSecrets). */
export const openLdapBackend: OpenBackend<LdapBackend> = async (config, { secrets, clock }) => {
  const section = config.backend.ldap;
  if (!section) throw new Error('backend.ldap is required when backend.type is "ldap"');
  const name = secretName(section.bindPassword);
  const bindPassword = secrets.get(name);
  if (bindPassword === undefined) throw new MissingSecretError([name]);
  return new LdapBackend({ config: section, bindPassword, defaultCountry: config.phone.defaultCountry, clock });
};
