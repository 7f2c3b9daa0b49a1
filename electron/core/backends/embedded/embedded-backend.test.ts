import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { watchScrypt } from '../../../../test/support/scrypt-in-flight';
import { hashConcurrency, hashWork, type ScryptParams } from '../../passwords/scrypt-hash';
import { BackendError, type Account } from '../identity-backend';
import { EmbeddedBackend, passwordHistoryLength } from './embedded-backend';
import { SeedError } from './seed';

// Behaviour tests use a cheap cost; the demo directory test below runs at the real one.
const cheap: ScryptParams = { ln: 10, r: 8, p: 1 };
const minute = 60_000;

const seedUsers = [
  { username: 'jdoe', displayName: 'Jamal Doe', password: 'Jdoe-pass1', mail: 'jdoe@univ-demo.ma', mobile: '06 12 34 56 78' },
  { username: 'amina', displayName: 'Amina Said', password: 'Amina-pass1', alternateEmail: 'amina@example.org' },
  { username: 'off', displayName: 'Off Line', password: 'Off-pass1', disabled: true },
];
const newColleague = { username: 'newbie', displayName: 'New Colleague', password: 'Initial-pass1', mustChange: true };

const opened: EmbeddedBackend[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-embedded-'));
  dirs.push(dir);
  return dir;
}

function manualClock(start = Date.UTC(2025, 8, 1)) {
  return { t: start, now() { return this.t; } };
}

async function setup(options: { failures?: number; seed?: unknown; dir?: string; clock?: { now(): number } } = {}) {
  const dir = options.dir ?? tempDir();
  const seedFile = join(dir, 'users.json');
  writeFileSync(seedFile, JSON.stringify(options.seed ?? seedUsers));
  const clock = options.clock ?? manualClock();
  const database = join(dir, 'data', 'directory.sqlite');
  const backend = await EmbeddedBackend.open({
    database,
    seedFile,
    clock,
    lockout: { failures: options.failures ?? 10 },
    scrypt: cheap,
  });
  opened.push(backend);
  return { backend, clock, dir, database, seedFile };
}

async function account(backend: EmbeddedBackend, identifier: string): Promise<Account> {
  const found = await backend.findUser(identifier);
  if (!found) throw new Error(`no account ${identifier}`);
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Every byte SQLite wrote for this database (main file and write-ahead log). */
function storedText(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.startsWith('directory.sqlite'))
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

describe('EmbeddedBackend with the demo users', () => {
  it('imports them at the OWASP cost, storing only hashes', async () => {
    const dir = tempDir();
    const backend = await EmbeddedBackend.open({ database: join(dir, 'directory.sqlite'), clock: manualClock(), lockout: { failures: 10 } });
    opened.push(backend);
    expect(backend.capabilities).toEqual({ methods: ['phone', 'email'], signIn: 'password' });

    const salma = await backend.signIn('salma.idrissi', 'Maroc#2025pass');
    expect(salma.status).toBe('ok');
    expect(await backend.getMethods((salma as { account: Account }).account)).toEqual({
      phone: '+212701071074',
      email: 'salma.perso@gmail.com',
    });
    expect(await backend.signIn('karim.tazi@univ-demo.ma', 'Bienvenue2025!')).toMatchObject({
      status: 'disabled',
      account: { username: 'karim.tazi', disabled: true },
    });
    expect(await backend.getMethods(await account(backend, 'youssef.alaoui'))).toEqual({ phone: '+212612345678' });
    expect(await backend.getMethods(await account(backend, 'nadia.benali@univ-demo.ma'))).toEqual({});

    await backend.close();
    const stored = storedText(dir);
    expect(stored).toContain('$scrypt$ln=17,r=8,p=1$');
    expect(stored).toContain('nadia.benali');
    expect(stored).not.toContain('Bienvenue2025!');
    expect(stored).not.toContain('Maroc#2025pass');
  });
});

describe('EmbeddedBackend', () => {
  it('imports the seed only when the database is created', async () => {
    const first = await setup();
    const jdoe = await account(first.backend, 'jdoe');
    expect(await first.backend.getMethods(jdoe)).toEqual({ phone: '+212612345678' });
    await first.backend.setPhone(jdoe, '+212700000001');
    await first.backend.close();

    // A later start with a different seed keeps what the directory holds.
    const again = await setup({ dir: first.dir, seed: [...seedUsers, { username: 'late', displayName: 'Late', password: 'Late-pass1' }] });
    expect(await again.backend.getMethods(await account(again.backend, 'jdoe'))).toEqual({ phone: '+212700000001' });
    expect(await again.backend.findUser('late')).toBeNull();
    const db = new Database(again.database, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 3 });
    db.close();
  });

  it('finds accounts by username or mail, whatever the case and spaces', async () => {
    const { backend } = await setup();
    const jdoe = await backend.findUser('jdoe');
    expect(jdoe).toEqual({ id: expect.stringMatching(/^\d+$/), username: 'jdoe', displayName: 'Jamal Doe', mail: 'jdoe@univ-demo.ma', disabled: false, locked: false });
    for (const identifier of ['JDoe', '  jdoe ', 'jdoe@univ-demo.ma', 'JDOE@Univ-Demo.MA']) {
      expect(await backend.findUser(identifier)).toEqual(jdoe);
    }
    expect(await backend.findUser('amina')).toEqual({ id: expect.any(String), username: 'amina', displayName: 'Amina Said', disabled: false, locked: false });
    expect((await backend.findUser('off'))?.disabled).toBe(true);
  });

  it('finds nobody when a mail is shared by several accounts', async () => {
    const shared = { displayName: 'Shared', password: 'Shared-pass1', mail: 'service@univ-demo.ma' };
    const { backend } = await setup({ seed: [{ ...shared, username: 'one' }, { ...shared, username: 'two' }] });
    expect(await backend.findUser('service@univ-demo.ma')).toBeNull();
    expect(await backend.signIn('service@univ-demo.ma', 'Shared-pass1')).toEqual({ status: 'invalid' });
    expect((await backend.findUser('two'))?.mail).toBe('service@univ-demo.ma');
    for (const identifier of ['nobody', 'jdo', '', '   ', 'amina@example.org', "jdoe' OR 1=1 --"]) {
      expect(await backend.findUser(identifier)).toBeNull();
    }
  });

  it('signs in with the right password only, and never for disabled accounts', async () => {
    const { backend } = await setup();
    expect(await backend.signIn('JDOE@univ-demo.ma', 'Jdoe-pass1')).toMatchObject({ status: 'ok', account: { username: 'jdoe', locked: false } });
    expect(await backend.signIn('jdoe', 'jdoe-pass1')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('jdoe', '')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('nobody', 'Jdoe-pass1')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('off', 'Off-pass1')).toMatchObject({ status: 'disabled', account: { username: 'off', disabled: true } });
    expect(await backend.signIn('off', 'wrong')).toEqual({ status: 'invalid' });
  });

  it('costs exactly one scrypt computation per sign-in, known account or not', async () => {
    const { backend } = await setup();
    const cost = async (identifier: string, password: string) => {
      const before = hashWork.count;
      await backend.signIn(identifier, password);
      return hashWork.count - before;
    };
    expect(await cost('nobody', 'whatever')).toBe(1);
    expect(await cost('jdoe', 'whatever')).toBe(1);
    expect(await cost('jdoe', 'Jdoe-pass1')).toBe(1);
    expect(await cost('off', 'Off-pass1')).toBe(1);
    expect(await cost('', '')).toBe(1);
  });

  it('locks after consecutive failures, answers a lock as a wrong password even to the right one, and doubles each lock', async () => {
    const clock = manualClock();
    const { backend } = await setup({ failures: 3, clock });
    const wrong = (n: number) => Promise.all(Array.from({ length: n }, () => backend.signIn('jdoe', 'nope')));

    await wrong(2);
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).toMatchObject({ status: 'ok' });
    // Success reset the count: two more failures do not lock.
    await wrong(2);
    expect((await backend.findUser('jdoe'))?.locked).toBe(false);
    await wrong(1);
    expect((await backend.findUser('jdoe'))?.locked).toBe(true);

    expect(await backend.signIn('jdoe', 'nope')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).toEqual({ status: 'invalid' });
    clock.t += minute - 1;
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('invalid');

    // The first lock ends after a minute; the next one lasts two.
    clock.t += 1;
    await wrong(3);
    clock.t += 2 * minute - 1;
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('invalid');
    clock.t += 1;
    await wrong(3);
    clock.t += 4 * minute - 1;
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('invalid');
    clock.t += 1;
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).toMatchObject({ status: 'ok', account: { locked: false } });

    // Success also forgets the doubling.
    await wrong(3);
    clock.t += minute;
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('ok');
  });

  it('answers a locked account the same to the right and a wrong password, with the same hashing work', async () => {
    const clock = manualClock();
    const { backend } = await setup({ failures: 3, clock });
    for (let i = 0; i < 3; i++) await backend.signIn('jdoe', 'nope');
    expect((await backend.findUser('jdoe'))?.locked).toBe(true);
    const attempt = async (identifier: string, password: string) => {
      const before = hashWork.count;
      const answer = await backend.signIn(identifier, password);
      return { answer, work: hashWork.count - before };
    };
    const right = await attempt('jdoe', 'Jdoe-pass1');
    const wrongOne = await attempt('jdoe', 'nope');
    const unknown = await attempt('nobody', 'Jdoe-pass1');
    const unlocked = await attempt('amina', 'nope');
    expect(right).toEqual({ answer: { status: 'invalid' }, work: 1 });
    expect(wrongOne).toEqual(right);
    expect(unknown).toEqual(right);
    expect(unlocked).toEqual(right);
  });

  it('locks a name nobody has under its HMAC exactly as it locks an account', async () => {
    const clock = manualClock();
    const { backend, database } = await setup({ failures: 3, clock });
    const db = new Database(database, { readonly: true });
    onTestFinished(() => {
      db.close();
    });
    for (let i = 0; i < 3; i++) await backend.signIn(' NoBody ', 'nope');
    const rows = db.prepare('SELECT * FROM name_locks').all() as { name_hmac: string; locked_until: number | null; lock_level: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.name_hmac).not.toContain('nobody');
    expect(rows[0]).toMatchObject({ locked_until: clock.t + minute, lock_level: 1 });
    const account = db.prepare("SELECT locked_until, lock_level FROM users WHERE username = 'jdoe'").get();
    for (let i = 0; i < 3; i++) await backend.signIn('jdoe', 'nope');
    expect(db.prepare("SELECT locked_until, lock_level FROM users WHERE username = 'jdoe'").get()).toEqual({ locked_until: clock.t + minute, lock_level: 1 });
    expect(account).toEqual({ locked_until: null, lock_level: 0 });
  });

  it('writes and removes methods', async () => {
    const { backend } = await setup();
    const amina = await account(backend, 'amina');
    expect(await backend.getMethods(amina)).toEqual({ email: 'amina@example.org' });
    await backend.setPhone(amina, '+212612000111');
    await backend.setEmail(amina, '  amina.new@example.org ');
    expect(await backend.getMethods(amina)).toEqual({ phone: '+212612000111', email: 'amina.new@example.org' });
    await backend.setEmail(amina, null);
    expect(await backend.getMethods(amina)).toEqual({ phone: '+212612000111' });
    await backend.setPhone(amina, null);
    expect(await backend.getMethods(amina)).toEqual({});

    const badPhone = await rejection(backend.setPhone(amina, '0612345678'));
    expect(badPhone).toBeInstanceOf(BackendError);
    expect((badPhone as BackendError).kind).toBe('policy-violation');
    expect(await rejection(backend.setEmail(amina, 'not-an-address'))).toMatchObject({ kind: 'policy-violation' });

    const ghost: Account = { ...amina, id: '999' };
    for (const attempt of [backend.getMethods(ghost), backend.setPhone(ghost, '+212612000111'), backend.setEmail(ghost, null), backend.resetPassword(ghost, 'Ghost-pass1')]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).kind).toBe('not-found');
    }
    expect(await rejection(backend.getMethods({ ...amina, id: 'cn=amina' }))).toMatchObject({ kind: 'not-found' });
  });

  it('runs a reset\'s history checks and new hash side by side, with the same work as one after the other', async () => {
    const { backend } = await setup();
    const jdoe = await account(backend, 'jdoe');
    for (const n of [2, 3, 4, 5]) await backend.resetPassword(jdoe, `Jdoe-pass${n}`);
    const scrypt = watchScrypt();
    const before = hashWork.count;
    await backend.resetPassword(jdoe, 'Jdoe-pass6');
    // Five history checks and the new hash: six computations, as many at once as the hash queue allows.
    expect(hashWork.count - before).toBe(passwordHistoryLength + 1);
    expect(scrypt.started).toBe(passwordHistoryLength + 1);
    expect(scrypt.peak).toBe(Math.min(hashConcurrency, passwordHistoryLength + 1));
    expect((await backend.signIn('jdoe', 'Jdoe-pass6')).status).toBe('ok');

    const refusedBefore = hashWork.count;
    expect(await rejection(backend.resetPassword(jdoe, 'Jdoe-pass6'))).toMatchObject({ reasons: ['directory-history'] });
    // A match never costs more than a miss, and the password stays.
    expect(hashWork.count - refusedBefore).toBeLessThanOrEqual(passwordHistoryLength + 1);
    expect((await backend.signIn('jdoe', 'Jdoe-pass6')).status).toBe('ok');
  });

  it('resets passwords, refuses the last five, and unlocks', async () => {
    const { backend, database } = await setup({ failures: 2 });
    const jdoe = await account(backend, 'jdoe');
    await backend.signIn('jdoe', 'x');
    await backend.signIn('jdoe', 'x');
    expect((await backend.findUser('jdoe'))?.locked).toBe(true);

    const refused = await rejection(backend.resetPassword(jdoe, 'Jdoe-pass1'));
    expect(refused).toBeInstanceOf(BackendError);
    expect(refused).toMatchObject({ kind: 'policy-violation', reasons: ['directory-history'] });

    await backend.resetPassword(jdoe, 'Jdoe-pass2');
    expect((await backend.findUser('jdoe'))?.locked).toBe(false);
    expect((await backend.signIn('jdoe', 'Jdoe-pass2')).status).toBe('ok');
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('invalid');

    for (const n of [3, 4, 5, 6]) await backend.resetPassword(jdoe, `Jdoe-pass${n}`);
    // pass2…pass6 are the last five; pass1 has left the history.
    for (const n of [2, 4, 6]) {
      expect(await rejection(backend.resetPassword(jdoe, `Jdoe-pass${n}`))).toMatchObject({ reasons: ['directory-history'] });
    }
    await backend.resetPassword(jdoe, 'Jdoe-pass1');
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('ok');

    const db = new Database(database, { readonly: true });
    const { n } = db.prepare('SELECT count(*) AS n FROM password_history WHERE user_id = ?').get(Number(jdoe.id)) as { n: number };
    db.close();
    expect(n).toBe(passwordHistoryLength);
  });

  it('answers ping and turns SQLite failures into BackendError("unavailable")', async () => {
    const { backend, dir } = await setup();
    const jdoe = await account(backend, 'jdoe');
    expect(await backend.ping()).toBe(true);
    await backend.close();
    await backend.close();
    expect(await backend.ping()).toBe(false);
    for (const attempt of [backend.findUser('jdoe'), backend.signIn('jdoe', 'Jdoe-pass1'), backend.getMethods(jdoe), backend.setPhone(jdoe, null)]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).kind).toBe('unavailable');
    }

    const clock = manualClock();
    const notADatabase = join(dir, 'garbage.sqlite');
    writeFileSync(notADatabase, 'this is not a database file, only text '.repeat(200));
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    for (const database of [notADatabase, folder]) {
      const error = await rejection(EmbeddedBackend.open({ database, clock, scrypt: cheap }));
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).kind).toBe('unavailable');
      expect((error as BackendError).message).toContain(database);
    }
  });

  it('refuses a bad seed with a SeedError and leaves the database uncreated', async () => {
    const dir = tempDir();
    const database = join(dir, 'directory.sqlite');
    const seedFile = join(dir, 'users.json');
    writeFileSync(seedFile, JSON.stringify([seedUsers[0], { ...seedUsers[1], mobile: 'call me' }]));
    const clock = manualClock();
    const error = await rejection(EmbeddedBackend.open({ database, seedFile, clock, scrypt: cheap }));
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toBe(`Seed ${seedFile}: entry 1 ("amina"): mobile: not a valid phone number`);

    writeFileSync(seedFile, JSON.stringify(seedUsers));
    const backend = await EmbeddedBackend.open({ database, seedFile, clock, scrypt: cheap });
    opened.push(backend);
    expect((await backend.signIn('amina', 'Amina-pass1')).status).toBe('ok');
  });

  it('sees a lock from failed sign-ins, clears it, and the old password signs in again', async () => {
    const { backend } = await setup({ failures: 2 });
    const jdoe = await account(backend, 'jdoe');
    expect(await backend.locks.status(jdoe)).toBe('not-locked');
    expect(await backend.locks.unlock(jdoe)).toBe('not-locked');
    await backend.signIn('jdoe', 'x');
    await backend.signIn('jdoe', 'x');
    expect(await backend.locks.status(jdoe)).toBe('locked');
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).toEqual({ status: 'invalid' });
    expect(await backend.locks.unlock(jdoe)).toBe('unlocked');
    expect(await backend.locks.status(jdoe)).toBe('not-locked');
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).toMatchObject({ status: 'ok' });
    expect(await rejection(backend.locks.status({ ...jdoe, id: '999' }))).toMatchObject({ kind: 'not-found' });
  });

  it('changes a password with the current one, refusing the last five and counting wrong ones as failed sign-ins', async () => {
    const { backend } = await setup({ failures: 2 });
    const jdoe = await account(backend, 'jdoe');
    expect(await rejection(backend.changePassword(jdoe, 'Jdoe-pass1', 'Jdoe-pass1'))).toMatchObject({ kind: 'policy-violation', reasons: ['directory-history'] });
    await backend.changePassword(jdoe, 'Jdoe-pass1', 'Jdoe-pass2');
    expect((await backend.signIn('jdoe', 'Jdoe-pass2')).status).toBe('ok');
    expect((await backend.signIn('jdoe', 'Jdoe-pass1')).status).toBe('invalid');

    expect(await rejection(backend.changePassword(jdoe, 'nope', 'Jdoe-pass3'))).toMatchObject({ kind: 'invalid-credentials' });
    expect(await rejection(backend.changePassword(jdoe, 'nope', 'Jdoe-pass3'))).toMatchObject({ kind: 'invalid-credentials' });
    // Locked now: the right current password is refused as well, and nothing changed.
    expect(await rejection(backend.changePassword(jdoe, 'Jdoe-pass2', 'Jdoe-pass3'))).toMatchObject({ kind: 'invalid-credentials' });
    expect(await backend.locks.status(jdoe)).toBe('locked');
    await backend.locks.unlock(jdoe);
    expect((await backend.signIn('jdoe', 'Jdoe-pass2')).status).toBe('ok');
  });

  it('asks a user seeded with mustChange for a new password after the right one, until it is changed', async () => {
    const { backend } = await setup({ seed: [...seedUsers, newColleague] });
    expect(await backend.signIn('newbie', 'Initial-pass1')).toMatchObject({ status: 'ok', mustChange: 'initial' });
    expect(await backend.signIn('newbie', 'wrong')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('jdoe', 'Jdoe-pass1')).not.toHaveProperty('mustChange');
    await backend.changePassword(await account(backend, 'newbie'), 'Initial-pass1', 'Chosen-pass2');
    expect(await backend.signIn('newbie', 'Chosen-pass2')).toEqual({ status: 'ok', account: expect.objectContaining({ username: 'newbie' }) });
  });

  it('adds the must-change column to a database created before it existed', async () => {
    const { backend, database, seedFile } = await setup({ seed: [...seedUsers, newColleague] });
    await backend.close();
    const db = new Database(database);
    db.exec('ALTER TABLE users DROP COLUMN must_change');
    db.close();
    const reopened = await EmbeddedBackend.open({ database, seedFile, clock: manualClock(), scrypt: cheap });
    opened.push(reopened);
    expect(await reopened.signIn('newbie', 'Initial-pass1')).toEqual({ status: 'ok', account: expect.objectContaining({ username: 'newbie' }) });
    await reopened.changePassword(await account(reopened, 'jdoe'), 'Jdoe-pass1', 'Jdoe-pass2');
    expect((await reopened.signIn('jdoe', 'Jdoe-pass2')).status).toBe('ok');
  });
});

describe('what the desk reads from the embedded directory', () => {
  const deskSeed = [
    { username: 'leila', displayName: 'Leïla', password: 'Leila-pass1', groups: ['Accueil'], department: 'DSI', title: 'Chargée d’accueil', employeeId: 'E-20017' },
    { username: 'omar', displayName: 'Omar', password: 'Omar-pass1', privileged: true },
    { username: 'nadia', displayName: 'Nadia', password: 'Nadia-pass1' },
  ];

  it('answers group membership by name, in any case, and only for the groups a user has', async () => {
    const { backend } = await setup({ seed: deskSeed });
    expect(await backend.isMember(await account(backend, 'leila'), 'accueil')).toBe(true);
    expect(await backend.isMember(await account(backend, 'leila'), 'admins')).toBe(false);
    expect(await backend.isMember(await account(backend, 'nadia'), 'accueil')).toBe(false);
  });

  it('reads department, title and employee id, and marks privileged accounts', async () => {
    const { backend } = await setup({ seed: deskSeed });
    expect(await backend.getProfile(await account(backend, 'leila'))).toEqual({ department: 'DSI', title: 'Chargée d’accueil', employeeId: 'E-20017' });
    expect(await backend.getProfile(await account(backend, 'nadia'))).toEqual({});
    expect(await account(backend, 'omar')).toMatchObject({ privileged: true });
    expect(await account(backend, 'nadia')).not.toHaveProperty('privileged');
    expect((await backend.signIn('omar', 'Omar-pass1')) as { account: Account }).toMatchObject({ account: { privileged: true } });
  });

  it('opens a database created before these details existed: nobody is in a group', async () => {
    const { backend, database, dir } = await setup({ seed: deskSeed });
    await backend.close();
    opened.splice(opened.indexOf(backend), 1);
    const db = new Database(database);
    db.exec('DROP TABLE user_details');
    db.close();
    const reopened = await EmbeddedBackend.open({ database, seedFile: join(dir, 'users.json'), clock: manualClock(), scrypt: cheap });
    opened.push(reopened);
    expect(await reopened.isMember(await account(reopened, 'leila'), 'accueil')).toBe(false);
    expect(await reopened.getProfile(await account(reopened, 'leila'))).toEqual({});
    expect((await reopened.signIn('leila', 'Leila-pass1')).status).toBe('ok');
  });
});
