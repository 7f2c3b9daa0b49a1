import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDirectoryTls } from '../test/support/directory-ca';
import { baseEntries, freePort, slapdNames, spawnSlapd, stopSlapd, waitForPort, writeSlapdConfig } from '../test/support/slapd-server';

/**
 * An OpenLDAP slapd loaded offline with `slapadd` (an online ldapadd of 100,000 entries would take most of the
 * suite's time budget), with the tests' slapd.conf (docs/ldap.md's setup) and a map large enough for 100,000 people.
 */
export type BulkDirectory = {
  users: number;
  url: string;
  caFile: string;
  peopleDn: string;
  serviceDn: string;
  servicePassword: string;
  /** Every generated user has this password. */
  userPassword: string;
  uid(i: number): string;
  mail(i: number): string;
  loadSeconds: number;
  close(): Promise<void>;
};

const { peopleDn, serviceDn, servicePassword } = slapdNames;
const userPassword = 'Staff-Initial-Pass-1';

const firstNames = ['amina', 'youssef', 'salma', 'karim', 'nadia', 'omar', 'leila', 'hamza', 'sara', 'mehdi', 'imane', 'rachid', 'fatima', 'anas', 'hind', 'yassine'];
const lastNames = ['benali', 'alaoui', 'idrissi', 'tazi', 'elfassi', 'bennani', 'chraibi', 'berrada', 'lahlou', 'sqalli', 'kettani', 'benjelloun', 'amrani', 'ouazzani'];

const first = (i: number) => firstNames[i % firstNames.length]!;
const last = (i: number) => lastNames[Math.floor(i / firstNames.length) % lastNames.length]!;
const uid = (i: number) => `${first(i)}.${last(i)}${i}`;
const mail = (i: number) => `${uid(i)}@univ.test`;

/** `{SSHA}`, as slapd's `password-hash {SSHA}` stores passwords: SHA-1 of password and salt, then the salt. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  return `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
}

/** 4 GiB, room for 100,000 people and their indexes (the tests' 32 MiB is not): the map only reserves address space. */
const maxsize = 4 * 1024 * 1024 * 1024;

async function writeLdif(file: string, users: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  // slapadd bypasses the overlays, so the service account's password goes in already hashed.
  const policy = { minLength: 12, inHistory: 3, maxFailure: 5 };
  await write(`${baseEntries({ organization: 'Guichet bench', policy, servicePassword: ssha(servicePassword) })}\n`);
  for (let i = 0; i < users; i++) {
    const given = first(i)[0]!.toUpperCase() + first(i).slice(1);
    const family = last(i)[0]!.toUpperCase() + last(i).slice(1);
    const phone = i % 3 === 0 ? '' : `mobile: +212 6${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}\n`;
    const email = i % 5 === 0 ? `guichetAuthEmail: ${uid(i)}.perso@example.org\n` : '';
    await write(`dn: uid=${uid(i)},${peopleDn}
objectClass: inetOrgPerson
objectClass: guichetPerson
uid: ${uid(i)}
cn: ${given} ${family}
sn: ${family}
givenName: ${given}
displayName: ${given} ${family}
mail: ${mail(i)}
${phone}${email}userPassword: ${ssha(userPassword)}

`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

const run = (cmd: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve()));
  });

export async function startBulkDirectory(users: number): Promise<BulkDirectory> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-slapd-'));
  try {
    const tls = makeDirectoryTls(dir);
    const confFile = writeSlapdConfig({ dir, tls, maxsize });
    const ldif = path.join(dir, 'users.ldif');
    const t0 = performance.now();
    await writeLdif(ldif, users);
    await run('slapadd', ['-q', '-f', confFile, '-l', ldif]);
    const loadSeconds = (performance.now() - t0) / 1000;
    fs.rmSync(ldif);

    const port = await freePort();
    let logText = '';
    const child = spawnSlapd(confFile, [`ldap://127.0.0.1:${port}/`], (text) => (logText = (logText + text).slice(-4000)));
    await waitForPort(port, child, () => logText, 30_000);

    return {
      users,
      url: `ldap://127.0.0.1:${port}`,
      caFile: tls.caFile,
      peopleDn,
      serviceDn,
      servicePassword,
      userPassword,
      uid,
      mail,
      loadSeconds,
      close: async () => {
        await stopSlapd(child, 'SIGTERM');
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
