import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Clock } from '../../clock';
import { dummyVerify, hashSecret, matchesAny, owaspScrypt, verifySecret, type ScryptParams } from '../../passwords/scrypt-hash';
import {
  BackendError,
  type Account,
  type AccountProfile,
  type AccountLocks,
  type BackendCapabilities,
  type IdentityBackend,
  type Methods,
  type OpenBackend,
  type SignInResult,
} from '../identity-backend';
import demoUsers from './demo-users.json' with { type: 'json' };
import { afterFailure, isLocked, unlocked, type LockState } from './lockout';
import { parseSeed, readSeedFile, SeedError, type SeedUser } from './seed';

export type EmbeddedBackendOptions = {
  /** SQLite file; its folder is created if missing. */
  database: string;
  /** JSON array of users imported when the database is created; the demo users when absent. */
  seedFile?: string;
  /** Country of seed phones typed without a country code (default MA). */
  defaultCountry?: string;
  clock: Clock;
  /**
   * Consecutive wrong passwords before a lock (default 10). Names nobody has lock too, kept under an HMAC with
   * `key` (default: a key drawn at open), so whether a name locks says nothing about whether it exists.
   */
  lockout?: { failures: number; key?: Buffer };
  /** Cost of new password hashes (default OWASP's: ln=17, r=8, p=1). */
  scrypt?: ScryptParams;
};

/** Passwords a reset may not reuse, the current one included. */
export const passwordHistoryLength = 5;

const schemaVersion = 1;

const schema = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  mail TEXT,
  mail_key TEXT,
  mobile TEXT,
  alternate_email TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  lock_level INTEGER NOT NULL DEFAULT 0,
  must_change INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX users_mail_key ON users (mail_key);
CREATE TABLE password_history (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  set_at INTEGER NOT NULL
) STRICT;
CREATE INDEX password_history_user ON password_history (user_id, id);
`;

// Added after schema version 1 shipped, so it is created on any open that lacks it.
const nameLocksSchema = `
CREATE TABLE IF NOT EXISTS name_locks (
  name_hmac TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  lock_level INTEGER NOT NULL DEFAULT 0
) STRICT;
`;

// Added after schema version 1 shipped: what the desk compares with a photo ID, and group names.
const detailsSchema = `
CREATE TABLE IF NOT EXISTS user_details (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  department TEXT,
  title TEXT,
  employee_id TEXT,
  groups TEXT NOT NULL DEFAULT '[]',
  privileged INTEGER NOT NULL DEFAULT 0
) STRICT;
`;

type DetailsRow = { department: string | null; title: string | null; employee_id: string | null; groups: string };
/** Added after schema version 1 shipped: a database created before gets it on open. */
function addMustChange(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('users')").all();
  if (!columns.some((c) => c.name === 'must_change')) db.exec('ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0');
}

type UserRow = {
  id: number;
  username: string;
  display_name: string;
  mail: string | null;
  mobile: string | null;
  alternate_email: string | null;
  disabled: number;
  password_hash: string;
  failures: number;
  locked_until: number | null;
  lock_level: number;
  privileged: number;
  must_change: number;
};

const e164 = /^\+[1-9]\d{6,14}$/;
const emailAddress = z.email();

/** Case-insensitive keys for usernames and mails; locale-independent so every kiosk agrees. */
const keyOf = (text: string): string => text.trim().toLowerCase();

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function unavailable(action: string, error: unknown): BackendError {
  return error instanceof BackendError ? error : new BackendError('unavailable', `embedded directory, ${action}: ${errorText(error)}`);
}

function lockState(row: UserRow): LockState {
  return { failures: row.failures, lockedUntil: row.locked_until, lockLevel: row.lock_level };
}

function toAccount(row: UserRow, now: number): Account {
  return {
    id: String(row.id),
    username: row.username,
    displayName: row.display_name,
    ...(row.mail === null ? {} : { mail: row.mail }),
    disabled: row.disabled === 1,
    locked: isLocked(lockState(row), now),
    ...(row.privileged === 1 ? { privileged: true } : {}),
  };
}

const selectUser = 'SELECT users.*, coalesce(d.privileged, 0) AS privileged FROM users LEFT JOIN user_details d ON d.user_id = users.id';

function prepare(db: Database.Database) {
  return {
    lookup: db.prepare<[string, string], UserRow>(`${selectUser} WHERE username_key = ? OR mail_key = ? LIMIT 2`),
    byId: db.prepare<[number], UserRow>(`${selectUser} WHERE id = ?`),
    saveLock: db.prepare<[number, number | null, number, number]>(
      'UPDATE users SET failures = ?, locked_until = ?, lock_level = ? WHERE id = ?',
    ),
    setPhone: db.prepare<[string | null, number]>('UPDATE users SET mobile = ? WHERE id = ?'),
    setEmail: db.prepare<[string | null, number]>('UPDATE users SET alternate_email = ? WHERE id = ?'),
    setPassword: db.prepare<[string, number]>(
      'UPDATE users SET password_hash = ?, failures = 0, locked_until = NULL, lock_level = 0, must_change = 0 WHERE id = ?',
    ),
    history: db.prepare<[number, number], { hash: string }>(
      'SELECT hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?',
    ),
    addHistory: db.prepare<[number, string, number]>('INSERT INTO password_history (user_id, hash, set_at) VALUES (?, ?, ?)'),
    trimHistory: db.prepare<[number, number, number]>(
      `DELETE FROM password_history WHERE user_id = ? AND id NOT IN
         (SELECT id FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?)`,
    ),
    nameLock: db.prepare<[string], { failures: number; locked_until: number | null; lock_level: number }>(
      'SELECT failures, locked_until, lock_level FROM name_locks WHERE name_hmac = ?',
    ),
    saveNameLock: db.prepare<[string, number, number | null, number]>(
      `INSERT INTO name_locks (name_hmac, failures, locked_until, lock_level) VALUES (?, ?, ?, ?)
       ON CONFLICT (name_hmac) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, lock_level = excluded.lock_level`,
    ),
    details: db.prepare<[number], DetailsRow>('SELECT department, title, employee_id, groups FROM user_details WHERE user_id = ?'),
    ping: db.prepare('SELECT 1'),
  };
}

/** Users in a SQLite file: the default directory, seeded with demo users, for trying Guichet without a real one. */
export class EmbeddedBackend implements IdentityBackend {
  readonly capabilities: BackendCapabilities = { methods: ['phone', 'email'], signIn: 'password' };

  private readonly statements: ReturnType<typeof prepare>;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly failureLimit: number,
    private readonly params: ScryptParams,
    private readonly lockKey: Buffer,
  ) {
    this.statements = prepare(db);
  }

  /**
   * Opens (or creates) the directory. A new database gets the schema and the seed in one transaction,
   * so a bad seed leaves nothing behind and later starts never import it again.
   * Fails with SeedError for a bad seed, BackendError('unavailable') when SQLite cannot be used.
   */
  static async open(opts: EmbeddedBackendOptions): Promise<EmbeddedBackend> {
    const failureLimit = opts.lockout?.failures ?? 10;
    if (!Number.isInteger(failureLimit) || failureLimit < 1) throw new RangeError('lockout.failures must be a positive integer');
    const params = opts.scrypt ?? owaspScrypt;
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(opts.database), { recursive: true });
      db = new Database(opts.database);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      const version = db.pragma('user_version', { simple: true });
      if (version === 0) await EmbeddedBackend.create(db, opts, params);
      else if (version !== schemaVersion) throw new Error(`unknown schema version ${String(version)}`);
      db.exec(nameLocksSchema);
      db.exec(detailsSchema);
      addMustChange(db);
      return new EmbeddedBackend(db, opts.clock, failureLimit, params, opts.lockout?.key ?? randomBytes(32));
    } catch (error) {
      try {
        db?.close();
      } catch {
        // The original error says more than a failed close.
      }
      if (error instanceof SeedError) throw error;
      throw unavailable(`opening ${opts.database}`, error);
    }
  }

  private static async create(db: Database.Database, opts: EmbeddedBackendOptions, params: ScryptParams): Promise<void> {
    const country = opts.defaultCountry ?? 'MA';
    const seed: SeedUser[] = opts.seedFile
      ? await readSeedFile(opts.seedFile, country)
      : parseSeed(demoUsers, 'demo-users.json', 'MA');
    // Hashing is slow and asynchronous, so it happens before the (synchronous) transaction.
    const hashes = await Promise.all(seed.map((user) => hashSecret(user.password, params)));
    const now = opts.clock.now();
    db.transaction(() => {
      // Another process may have created the database while this one was hashing.
      if (db.pragma('user_version', { simple: true }) !== 0) return;
      db.exec(schema);
      db.exec(detailsSchema);
      const insertDetails = db.prepare('INSERT INTO user_details (user_id, department, title, employee_id, groups, privileged) VALUES (?, ?, ?, ?, ?, ?)');
      const insertUser = db.prepare(
        `INSERT INTO users (username, username_key, display_name, mail, mail_key, mobile, alternate_email, disabled, password_hash, must_change)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertHistory = db.prepare('INSERT INTO password_history (user_id, hash, set_at) VALUES (?, ?, ?)');
      seed.forEach((user, i) => {
        const { lastInsertRowid } = insertUser.run(
          user.username,
          keyOf(user.username),
          user.displayName,
          user.mail ?? null,
          user.mail === undefined ? null : keyOf(user.mail),
          user.mobile ?? null,
          user.alternateEmail ?? null,
          user.disabled ? 1 : 0,
          hashes[i]!,
          user.mustChange ? 1 : 0,
        );
        insertHistory.run(lastInsertRowid, hashes[i]!, now);
        insertDetails.run(lastInsertRowid, user.department ?? null, user.title ?? null, user.employeeId ?? null, JSON.stringify(user.groups ?? []), user.privileged ? 1 : 0);
      });
      db.pragma(`user_version = ${schemaVersion}`);
    }).immediate();
  }

  async findUser(identifier: string): Promise<Account | null> {
    return this.guard('find user', () => {
      const row = this.lookup(identifier);
      return row ? toAccount(row, this.clock.now()) : null;
    });
  }

  /**
   * While an account is locked every password, the right one too, gets the wrong-password answer after the same
   * hashing, and a name nobody has counts failures and locks exactly like an account: the answer and its cost
   * never tell a lock, or an account, from a miss.
   */
  async signIn(identifier: string, password: string): Promise<SignInResult> {
    const row = this.guard('sign-in', () => this.lookup(identifier));
    if (!row) {
      // Same single scrypt computation as a known account, so timing does not tell who exists.
      await this.guardAsync('sign-in', () => dummyVerify(this.params));
      this.guard('sign-in', () => this.db.transaction(() => this.failName(keyOf(identifier), this.clock.now()))());
      return { status: 'invalid' };
    }
    const right = await this.guardAsync('sign-in', () => verifySecret(password, row.password_hash));
    return this.guard('sign-in', () =>
      this.db.transaction((): SignInResult => {
        const now = this.clock.now();
        const current = this.statements.byId.get(row.id);
        // Deleted, or the password was reset while this attempt was hashing: the attempt is moot.
        if (!current || current.password_hash !== row.password_hash) return { status: 'invalid' };
        const state = lockState(current);
        if (!right || isLocked(state, now)) {
          const next = afterFailure(state, now, this.failureLimit);
          if (next !== state) this.saveLock(current.id, next);
          return { status: 'invalid' };
        }
        const account = toAccount(current, now);
        if (current.disabled === 1) return { status: 'disabled', account };
        if (state.failures !== 0 || state.lockLevel !== 0 || state.lockedUntil !== null) this.saveLock(current.id, unlocked);
        return current.must_change === 1 ? { status: 'ok', account, mustChange: 'initial' } : { status: 'ok', account };
      })(),
    );
  }

  /** A failed sign-in under a name nobody has: the same lock arithmetic as an account, under the name's HMAC. */
  private failName(key: string, now: number): void {
    const hmac = createHmac('sha256', this.lockKey).update(key, 'utf8').digest('hex');
    const stored = this.statements.nameLock.get(hmac);
    const state: LockState = stored ? { failures: stored.failures, lockedUntil: stored.locked_until, lockLevel: stored.lock_level } : unlocked;
    const next = afterFailure(state, now, this.failureLimit);
    if (next !== state) this.statements.saveNameLock.run(hmac, next.failures, next.lockedUntil, next.lockLevel);
  }

  async getMethods(account: Account): Promise<Methods> {
    return this.guard('get methods', () => {
      const row = this.row(account);
      return {
        ...(row.mobile === null ? {} : { phone: row.mobile }),
        ...(row.alternate_email === null ? {} : { email: row.alternate_email }),
      };
    });
  }

  async setPhone(account: Account, phone: string | null): Promise<void> {
    if (phone !== null && !e164.test(phone)) {
      throw new BackendError('policy-violation', 'embedded directory: phone is not in E.164 form', ['directory-policy']);
    }
    this.update('set phone', () => this.statements.setPhone.run(phone, this.rowId(account)).changes);
  }

  async setEmail(account: Account, address: string | null): Promise<void> {
    const value = address === null ? null : address.trim();
    if (value !== null && !emailAddress.safeParse(value).success) {
      throw new BackendError('policy-violation', 'embedded directory: not an email address', ['directory-policy']);
    }
    this.update('set email', () => this.statements.setEmail.run(value, this.rowId(account)).changes);
  }

  async resetPassword(account: Account, newPassword: string): Promise<void> {
    const id = this.guard('reset password', () => this.row(account).id);
    await this.setPassword('reset password', id, newPassword);
  }

  /** A wrong current password counts toward the lock as a failed sign-in, and a locked account refuses even the right one. */
  async changePassword(account: Account, current: string, next: string): Promise<void> {
    const row = this.guard('change password', () => this.row(account));
    const right = await this.guardAsync('change password', () => verifySecret(current, row.password_hash));
    const refused = this.guard('change password', () =>
      this.db.transaction((): boolean => {
        const now = this.clock.now();
        const state = lockState(this.statements.byId.get(row.id) ?? row);
        if (right && !isLocked(state, now)) return false;
        const after = afterFailure(state, now, this.failureLimit);
        if (after !== state) this.saveLock(row.id, after);
        return true;
      })(),
    );
    if (refused) throw new BackendError('invalid-credentials', 'embedded directory: current password refused');
    await this.setPassword('change password', row.id, next);
  }

  readonly locks: AccountLocks = {
    status: async (account) => this.guard('lock status', () => (isLocked(lockState(this.row(account)), this.clock.now()) ? 'locked' : 'not-locked')),
    unlock: async (account) =>
      this.guard('unlock', () =>
        this.db.transaction(() => {
          const row = this.row(account);
          if (!isLocked(lockState(row), this.clock.now())) return 'not-locked' as const;
          this.saveLock(row.id, unlocked);
          return 'unlocked' as const;
        })(),
      ),
  };

  /** The new password, unless it is one of the last five; it also ends any lock and any demand to change it. */
  private async setPassword(action: string, id: number, newPassword: string): Promise<void> {
    const recent = this.guard(action, () => this.statements.history.all(id, passwordHistoryLength));
    // The history checks and the new hash share the hash queue, the new hash last: a match skips what has not started.
    const controller = new AbortController();
    const used = matchesAny(newPassword, recent.map((r) => r.hash), controller);
    const hashed = hashSecret(newPassword, this.params, controller.signal);
    // Not awaited when a match comes first; its end (or its skip) must not surface as an unhandled rejection.
    hashed.catch(() => undefined);
    if (await this.guardAsync(action, () => used)) {
      throw new BackendError('policy-violation', 'embedded directory: password used recently', ['directory-history']);
    }
    const hash = await this.guardAsync(action, () => hashed);
    this.update(action, () => {
      const { changes } = this.statements.setPassword.run(hash, id);
      if (changes === 0) return 0;
      this.statements.addHistory.run(id, hash, this.clock.now());
      this.statements.trimHistory.run(id, id, passwordHistoryLength);
      return changes;
    });
  }

  /** Group names are the seed's `groups`, compared without regard to case. */
  async isMember(account: Account, group: string): Promise<boolean> {
    return this.guard('group check', () => {
      const groups = JSON.parse(this.statements.details.get(this.row(account).id)?.groups ?? '[]') as string[];
      return groups.some((g) => keyOf(g) === keyOf(group));
    });
  }

  async getProfile(account: Account): Promise<AccountProfile> {
    return this.guard('read profile', () => {
      const details = this.statements.details.get(this.row(account).id);
      return {
        ...(details?.department ? { department: details.department } : {}),
        ...(details?.title ? { title: details.title } : {}),
        ...(details?.employee_id ? { employeeId: details.employee_id } : {}),
      };
    });
  }

  async ping(): Promise<boolean> {
    try {
      this.statements.ping.get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** One account by username or mail; null when none or several match. */
  private lookup(identifier: string): UserRow | null {
    const key = keyOf(identifier);
    if (key === '') return null;
    const rows = this.statements.lookup.all(key, key);
    return rows.length === 1 ? rows[0]! : null;
  }

  private rowId(account: Account): number {
    if (!/^[1-9]\d{0,15}$/.test(account.id)) throw new BackendError('not-found', 'embedded directory: not an account id');
    return Number(account.id);
  }

  private row(account: Account): UserRow {
    const row = this.statements.byId.get(this.rowId(account));
    if (!row) throw new BackendError('not-found', 'embedded directory: no such account');
    return row;
  }

  private saveLock(id: number, state: LockState): void {
    this.statements.saveLock.run(state.failures, state.lockedUntil, state.lockLevel, id);
  }

  /** Runs a write in a transaction; `write` returns the number of rows changed, 0 meaning the account is gone. */
  private update(action: string, write: () => number): void {
    const changes = this.guard(action, () => this.db.transaction(write)());
    if (changes === 0) throw new BackendError('not-found', `embedded directory, ${action}: no such account`);
  }

  private guard<T>(action: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw unavailable(action, error);
    }
  }

  private async guardAsync<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw unavailable(action, error);
    }
  }
}

/** The embedded directory of a parsed config: its file in the data folder, its seed, the sign-in lockout. */
export const openEmbeddedBackend: OpenBackend<EmbeddedBackend> = async (config, { database, clock, lockoutKey }) =>
  EmbeddedBackend.open({
    database,
    seedFile: config.backend.embedded.seed,
    defaultCountry: config.phone.defaultCountry,
    clock,
    lockout: { failures: config.security.throttles.signInFailures, key: await lockoutKey() },
  });
