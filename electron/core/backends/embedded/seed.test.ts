import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import demoUsers from './demo-users.json' with { type: 'json' };
import { parseSeed, readSeedFile, SeedError } from './seed';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function seedFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-seed-'));
  dirs.push(dir);
  const file = join(dir, 'users.json');
  writeFileSync(file, content);
  return file;
}

const categories = (pw: string): number =>
  [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;

describe('seed mobiles', () => {
  const user = { username: 'jdoe', displayName: 'J Doe', password: 'Secret-2025' };
  const mobile = (input: string, country?: string) => parseSeed([{ ...user, mobile: input }], 'seed.json', country)[0]!.mobile;

  it('are read in national, spaced and international forms, Morocco by default, and stored in E.164', () => {
    expect(mobile('0612345678')).toBe('+212612345678');
    expect(mobile('+212 701071074')).toBe('+212701071074');
    expect(mobile('00212 6 61 98 76 54')).toBe('+212661987654');
    expect(mobile('06 12 34 56 78', 'FR')).toBe('+33612345678');
  });

  it('must be mobile numbers', () => {
    expect(() => mobile('0522123456')).toThrow(/entry 0 \("jdoe"\): mobile: not a mobile number$/);
    expect(() => mobile('12')).toThrow(/mobile: not a valid phone number$/);
    expect(() => mobile('call me')).toThrow(/mobile: not a valid phone number$/);
  });
});

describe('demo users', () => {
  it('parse, with E.164 phones and passwords Entra would accept', () => {
    const users = parseSeed(demoUsers, 'demo-users.json');
    expect(users.map((u) => u.username)).toEqual(['nadia.benali', 'youssef.alaoui', 'salma.idrissi', 'karim.tazi', 'admin.it']);
    const by = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(by['nadia.benali']).toMatchObject({ mail: 'nadia.benali@univ-demo.ma', disabled: false });
    expect(by['nadia.benali']!.mobile).toBeUndefined();
    expect(by['nadia.benali']!.alternateEmail).toBeUndefined();
    expect(by['youssef.alaoui']!.mobile).toBe('+212612345678');
    expect(by['salma.idrissi']).toMatchObject({ mobile: '+212701071074', alternateEmail: 'salma.perso@gmail.com', password: 'Maroc#2025pass' });
    expect(by['karim.tazi']).toMatchObject({ disabled: true, mobile: '+212661987654' });
    expect(by['admin.it']!.mobile).toBe('+212708091011');
    for (const u of users) {
      expect(u.mail?.endsWith('@univ-demo.ma')).toBe(true);
      expect(u.password.length).toBeGreaterThanOrEqual(8);
      expect(categories(u.password)).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('seed validation', () => {
  const good = { username: 'jdoe', displayName: 'J Doe', password: 'Secret-2025' };

  it('names the file and the entry of the first problem, without quoting secrets or numbers', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[good, { username: 'amina', password: 'Secret-2025' }], /entry 1 \("amina"\): displayName:/],
      [[{ ...good, mobile: '+212 12' }], /entry 0 \("jdoe"\): mobile: not a valid phone number/],
      [[{ ...good, mail: 'nope' }], /entry 0 \("jdoe"\): mail:/],
      [[good, { ...good, username: 'JDOE' }], /entry 1 \("JDOE"\): username appears twice/],
      [[{ ...good, username: 'j doe' }], /entry 0 \("j doe"\): username: must not contain/],
      [[{ ...good, role: 'admin' }], /entry 0 \("jdoe"\): .*role/],
      [[{ ...good, disabled: 'yes' }], /entry 0 \("jdoe"\): disabled:/],
      [['jdoe'], /entry 0: /],
      [{ users: [good] }, /expected a JSON array/],
    ];
    for (const [data, message] of cases) {
      let caught: unknown;
      try {
        parseSeed(data, '/etc/guichet/users.json');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SeedError);
      expect((caught as Error).message).toMatch(/^Seed \/etc\/guichet\/users\.json: /);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('Secret-2025');
      expect((caught as Error).message).not.toContain('+212 12');
    }
  });

  it('reads a file, and says which file cannot be read or parsed', async () => {
    const file = seedFile(JSON.stringify([{ ...good, mobile: '0612345678', disabled: true }]));
    expect(await readSeedFile(file)).toEqual([{ ...good, mobile: '+212612345678', disabled: true }]);

    const broken = seedFile('[{"username": "jdoe", "password": "Secret-2025",}]');
    const error = await readSeedFile(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toContain(`Seed ${broken}: not valid JSON`);
    expect((error as Error).message).not.toContain('Secret-2025');

    await expect(readSeedFile(join(tmpdir(), 'guichet-no-such-seed.json'))).rejects.toThrow(/guichet-no-such-seed\.json: cannot be read \(ENOENT\)/);
  });
});

describe('what the desk reads', () => {
  it('keeps department, title, employee id, groups and the privileged mark of a seed user', () => {
    const [user] = parseSeed(
      [{ username: 'a.b', displayName: 'A B', password: 'x', department: 'DSI', title: 'Agent', employeeId: 'E-1', groups: ['accueil'], privileged: true }],
      'inline',
    );
    expect(user).toMatchObject({ department: 'DSI', title: 'Agent', employeeId: 'E-1', groups: ['accueil'], privileged: true });
  });
});
