import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeDirectoryTls } from './directory-ca';

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
  serviceDn: string;
  servicePassword: string;
  adminDn: string;
  adminPassword: string;
  /** Password policy enforced on userPassword. */
  policy: { minLength: number; inHistory: number; maxFailure: number };
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

const schemaFile = `
# A site attribute for the authentication email: OpenLDAP ships none.
attributetype ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'guichetAuthEmail'
  DESC 'Authentication email registered with Guichet'
  EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.2 NAME 'guichetPerson' SUP top AUXILIARY MAY guichetAuthEmail )
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
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

export async function startSlapd(): Promise<SlapdServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-slapd-'));
  const dbDir = path.join(dir, 'db');
  mkdirSync(dbDir);
  const tls = makeDirectoryTls(dir);
  const port = await freePort();
  const ldapsPort = await freePort();
  const suffix = 'dc=guichet,dc=test';
  const peopleDn = `ou=people,${suffix}`;
  const serviceDn = `cn=guichet,ou=services,${suffix}`;
  const servicePassword = 'Service-Account-Pass-1';
  const adminDn = `cn=admin,${suffix}`;
  const adminPassword = 'Root-Pass-For-Setup-1';
  const policy = { minLength: 12, inHistory: 3, maxFailure: 3 };

  writeFileSync(path.join(dir, 'guichet.schema'), schemaFile);
  writeFileSync(
    path.join(dir, 'slapd.conf'),
    `include /etc/ldap/schema/core.schema
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
rootpw ${adminPassword}
directory ${dbDir}
maxsize 33554432
index objectClass eq
index uid,mail eq

# The service account: resets passwords (write-only), writes the two methods, reads people.
# The same rules as in the README, "break" handing other clients on to the site's own rules.
access to attrs=userPassword
  by dn.exact="${serviceDn}" =w
  by anonymous auth
  by * break
access to dn.subtree="${peopleDn}" attrs=mobile,guichetAuthEmail
  by dn.exact="${serviceDn}" write
  by self read
  by * break
access to dn.subtree="${peopleDn}"
  by dn.exact="${serviceDn}" read
  by * break
access to * by * none

overlay ppolicy
ppolicy_default "cn=default,ou=policies,${suffix}"
ppolicy_hash_cleartext
`,
  );

  let logText = '';
  let child: ChildProcess | undefined;
  const log = () => logText.slice(-4000);

  const start = async () => {
    const proc = spawn('slapd', ['-f', path.join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`, '-d', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(proc);
    proc.stdout?.on('data', (d: Buffer) => (logText += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (logText += d.toString()));
    proc.once('exit', () => started.delete(proc));
    child = proc;
    await waitForPort(port, proc, log, 10_000);
    await waitForPort(ldapsPort, proc, log, 10_000);
  };

  const halt = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

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
    await server.add(`dn: ${suffix}
objectClass: dcObject
objectClass: organization
o: Guichet test
dc: guichet

dn: ou=people,${suffix}
objectClass: organizationalUnit
ou: people

dn: ou=services,${suffix}
objectClass: organizationalUnit
ou: services

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
`);
  } catch (err) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return server;
}
