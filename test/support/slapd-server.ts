import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LdapBackend } from '../../electron/core/backends/ldap/ldap-backend';
import { systemClock } from '../../electron/core/clock';
import { ldapSection, type LdapSection } from '../../electron/core/config/sections/ldap';
import { makeDirectoryTls, type DirectoryTls } from './directory-ca';

/**
 * A real OpenLDAP slapd for tests: temporary folder, free loopback port, StartTLS with a CA made for the run,
 * the ppolicy overlay and ACLs that give the service account only what Guichet needs.
 */
export type SlapdServer = {
  /** ldap://127.0.0.1:PORT, to be used with StartTLS. */
  url: string;
  /** ldaps://127.0.0.1:PORT2, the same server over TLS from the first byte. */
  ldapsUrl: string;
  caFile: string;
  suffix: string;
  /** Where staff accounts live: the backend's baseDn. */
  peopleDn: string;
  /** Where groups live (kiosk.attendants.group); the service account may read them. */
  groupsDn: string;
  serviceDn: string;
  servicePassword: string;
  adminDn: string;
  adminPassword: string;
  /** Password policy enforced on userPassword. */
  policy: SlapdPolicy;
  /** Adds entries as the rootdn (passwords given in clear are hashed by ppolicy_hash_cleartext). */
  add(ldif: string): Promise<void>;
  modify(ldif: string): Promise<void>;
  /** Attribute values of one entry, read as the rootdn with ldapsearch: a second opinion on what the backend wrote. */
  read(dn: string, attributes: string[]): Promise<Record<string, string[]>>;
  /** Whether a simple bind with this DN and password succeeds (ldapwhoami). */
  canBind(dn: string, password: string): Promise<boolean>;
  /** Starts slapd again on the same port and database. */
  start(): Promise<void>;
  /** SIGTERM; the database stays for start(). */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or a power cut would. */
  kill(): Promise<void>;
  log(): string;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
};

/** The password policy the default ppolicy entry sets. */
export type SlapdPolicy = { minLength: number; inHistory: number; maxFailure: number };

const suffix = 'dc=guichet,dc=test';

/** The names every slapd set up here uses: the access rules in slapdConfig() grant the service account by them. */
export const slapdNames = {
  suffix,
  peopleDn: `ou=people,${suffix}`,
  groupsDn: `ou=groups,${suffix}`,
  serviceDn: `cn=guichet,ou=services,${suffix}`,
  servicePassword: 'Service-Account-Pass-1',
  adminDn: `cn=admin,${suffix}`,
} as const;

const schemaFile = `
# A site attribute for the authentication email: OpenLDAP ships none.
attributetype ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'guichetAuthEmail'
  DESC 'Authentication email registered with Guichet'
  EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.2 NAME 'guichetPerson' SUP top AUXILIARY MAY guichetAuthEmail )
`;

export type SlapdConfigOptions = {
  /** The server's folder: guichet.schema, slapd.pid and the mdb database in db/. */
  dir: string;
  tls: DirectoryTls;
  /** The rootdn's password; left out when slapadd fills the database offline and nobody binds as the rootdn. */
  adminPassword?: string;
  /** The mdb map's ceiling in bytes: the whole database must fit in it. */
  maxsize: number;
};

/**
 * slapd.conf as docs/ldap.md recommends: StartTLS with simple binds only over TLS, `index objectClass eq` and
 * `index uid,mail eq` for the user filter, the service account's access rules and the ppolicy overlay.
 */
export function slapdConfig({ dir, tls, adminPassword, maxsize }: SlapdConfigOptions): string {
  const { peopleDn, groupsDn, serviceDn, adminDn } = slapdNames;
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include ${path.join(dir, 'guichet.schema')}
modulepath /usr/lib/ldap
moduleload back_mdb.la
moduleload ppolicy.la
pidfile ${path.join(dir, 'slapd.pid')}
TLSCACertificateFile ${tls.caFile}
TLSCertificateFile ${tls.certFile}
TLSCertificateKeyFile ${tls.keyFile}
password-hash {SSHA}
# Simple binds and everything else only over TLS (ssf 128), except the setup tools' StartTLS request.
security simple_bind=128 update_ssf=128

database mdb
suffix "${suffix}"
rootdn "${adminDn}"
${adminPassword === undefined ? '' : `rootpw ${adminPassword}\n`}directory ${path.join(dir, 'db')}
maxsize ${maxsize}
index objectClass eq
index uid,mail eq

# The service account: resets passwords (write-only), writes the two methods, clears ppolicy locks, reads people.
# Users change their own password (a change checks the old one: x).
# The same rules as in the README, "break" handing other clients on to the site's own rules.
access to attrs=userPassword
  by dn.exact="${serviceDn}" =w
  by self =wx
  by anonymous auth
  by * break
access to dn.subtree="${peopleDn}" attrs=pwdAccountLockedTime,pwdFailureTime
  by dn.exact="${serviceDn}" manage
  by * break
access to dn.subtree="${peopleDn}" attrs=mobile,guichetAuthEmail
  by dn.exact="${serviceDn}" write
  by self read
  by * break
access to dn.subtree="${peopleDn}"
  by dn.exact="${serviceDn}" read
  by * break
# kiosk.attendants.group: the service account reads who is a member.
access to dn.subtree="${groupsDn}"
  by dn.exact="${serviceDn}" read
  by * break
access to * by * none

overlay ppolicy
ppolicy_default "cn=default,ou=policies,${suffix}"
ppolicy_hash_cleartext
`;
}

/** Creates db/ and writes guichet.schema and slapd.conf into `options.dir`; returns slapd.conf's path. */
export function writeSlapdConfig(options: SlapdConfigOptions): string {
  mkdirSync(path.join(options.dir, 'db'));
  writeFileSync(path.join(options.dir, 'guichet.schema'), schemaFile);
  const confFile = path.join(options.dir, 'slapd.conf');
  writeFileSync(confFile, slapdConfig(options));
  return confFile;
}

export type BaseEntriesOptions = {
  /** The suffix entry's `o`. */
  organization: string;
  policy: SlapdPolicy;
  /** The service account's userPassword: in clear for ldapadd (ppolicy_hash_cleartext hashes it), hashed for slapadd. */
  servicePassword: string;
};

/** LDIF for the tree around the people: the suffix, the three branches, the default policy and the service account. */
export function baseEntries({ organization, policy, servicePassword }: BaseEntriesOptions): string {
  const { peopleDn, serviceDn } = slapdNames;
  return `dn: ${suffix}
objectClass: dcObject
objectClass: organization
o: ${organization}
dc: guichet

dn: ${peopleDn}
objectClass: organizationalUnit
ou: people

dn: ou=services,${suffix}
objectClass: organizationalUnit
ou: services

dn: ou=groups,${suffix}
objectClass: organizationalUnit
ou: groups

dn: ou=policies,${suffix}
objectClass: organizationalUnit
ou: policies

dn: cn=default,ou=policies,${suffix}
objectClass: applicationProcess
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: ${policy.minLength}
pwdCheckQuality: 2
pwdInHistory: ${policy.inHistory}
pwdLockout: TRUE
pwdMaxFailure: ${policy.maxFailure}
pwdLockoutDuration: 0

dn: ${serviceDn}
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: guichet
userPassword: ${servicePassword}
`;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` accepts connections on the loopback port; throws with its log if it exits or times out. */
export async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}) before listening:\n${log()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`slapd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${log()}`);
}

const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** slapd in the foreground, listening on `urls` and handing its output to `output`; killed if this process exits first. */
export function spawnSlapd(confFile: string, urls: string[], output: (text: string) => void): ChildProcess {
  const proc = spawn('slapd', ['-f', confFile, '-h', urls.join(' '), '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(proc);
  proc.once('exit', () => started.delete(proc));
  proc.stdout?.on('data', (d: Buffer) => output(d.toString()));
  proc.stderr?.on('data', (d: Buffer) => output(d.toString()));
  return proc;
}

/** Sends `signal` and waits for slapd to exit, killing it after 5 s if it lingers; nothing when it is not running. */
export async function stopSlapd(proc: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startSlapd(): Promise<SlapdServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-slapd-'));
  const tls = makeDirectoryTls(dir);
  const port = await freePort();
  const ldapsPort = await freePort();
  const { peopleDn, groupsDn, serviceDn, servicePassword, adminDn } = slapdNames;
  const adminPassword = 'Root-Pass-For-Setup-1';
  const policy: SlapdPolicy = { minLength: 12, inHistory: 3, maxFailure: 3 };
  const confFile = writeSlapdConfig({ dir, tls, adminPassword, maxsize: 32 * 1024 * 1024 });

  let logText = '';
  let child: ChildProcess | undefined;
  const log = () => logText.slice(-4000);

  const start = async () => {
    child = spawnSlapd(confFile, [`ldap://127.0.0.1:${port}/`, `ldaps://127.0.0.1:${ldapsPort}/`], (text) => (logText += text));
    await waitForPort(port, child, log, 10_000);
    await waitForPort(ldapsPort, child, log, 10_000);
  };
  const halt = (signal: NodeJS.Signals) => stopSlapd(child, signal);

  const ldapEnv = { ...process.env, LDAPTLS_CACERT: tls.caFile, LDAPTLS_REQCERT: 'demand' };
  const url = `ldap://127.0.0.1:${port}`;
  const tool = (cmd: string, args: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const proc = execFile(cmd, ['-ZZ', '-H', url, '-x', ...args], { env: ldapEnv }, (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve(stdout),
      );
      // Tools that read no input may exit before it is written.
      proc.stdin?.on('error', () => undefined);
      proc.stdin?.end(input ?? '');
    });

  const server: SlapdServer = {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    caFile: tls.caFile,
    suffix,
    peopleDn,
    groupsDn,
    serviceDn,
    servicePassword,
    adminDn,
    adminPassword,
    policy,
    add: async (ldif) => {
      await tool('ldapadd', ['-D', adminDn, '-w', adminPassword], ldif);
    },
    modify: async (ldif) => {
      await tool('ldapmodify', ['-D', adminDn, '-w', adminPassword], ldif);
    },
    read: async (dn, attributes) => {
      const out = await tool('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-D', adminDn, '-w', adminPassword, '-b', dn, '-s', 'base', '(objectClass=*)', ...attributes]);
      const values: Record<string, string[]> = {};
      for (const line of out.split('\n')) {
        const m = /^([A-Za-z0-9;-]+)(::?) (.*)$/.exec(line);
        if (!m || m[1] === 'dn') continue;
        const value = m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!;
        (values[m[1]!] ??= []).push(value);
      }
      return values;
    },
    canBind: async (dn, password) => {
      try {
        await tool('ldapwhoami', ['-D', dn, '-w', password]);
        return true;
      } catch {
        return false;
      }
    },
    start,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    log,
    close: async () => {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await start();
    await server.add(baseEntries({ organization: 'Guichet test', policy, servicePassword }));
  } catch (err) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return server;
}

/** `backend.ldap` for this server's people, as an IT admin would write it (the bind password from `secret:LDAP_BIND`). */
export function openldapSection(server: SlapdServer, overrides: Partial<Record<string, unknown>> = {}): LdapSection {
  return ldapSection.parse({
    url: server.url,
    startTls: true,
    caFile: server.caFile,
    bindDn: server.serviceDn,
    bindPassword: 'secret:LDAP_BIND',
    baseDn: server.peopleDn,
    userFilter: '(|(uid={input})(mail={input}))',
    flavor: 'openldap',
    attributes: { username: 'uid', alternateEmail: 'guichetAuthEmail' },
    phoneFormat: 'international',
    ...overrides,
  });
}

/** The backend an IT admin's `backend.ldap` for this server builds, bound as the service account. */
export function openldapBackend(server: SlapdServer, overrides: Partial<Record<string, unknown>> = {}): LdapBackend {
  return new LdapBackend({ config: openldapSection(server, overrides), bindPassword: server.servicePassword, defaultCountry: 'MA', clock: systemClock });
}
