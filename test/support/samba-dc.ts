import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { makeDirectoryTls } from './directory-ca';
import { acquireMachineLock } from './machine-lock';

const execFileAsync = promisify(execFile);

/**
 * A real Active Directory domain controller (Samba) for tests, provisioned in a temporary folder and bound to
 * loopback. AD listens on the fixed ports 389 and 636, so only one can run per machine: start one per test run.
 * Its LDAPS certificate is signed by a CA made for the run, valid for 127.0.0.1.
 */
export type SambaDc = {
  url: string;
  caFile: string;
  domainDn: string;
  realm: string;
  /** The OU staff accounts are created in: the backend's baseDn. */
  staffDn: string;
  adminDn: string;
  adminPassword: string;
  /** A plain user with only the rights the README asks IT to delegate on the staff OU. */
  serviceDn: string;
  servicePassword: string;
  /** Creates a user in the staff OU; returns its DN. `mustChange`: "must change password at next logon" (pwdLastSet 0). */
  createUser(user: { name: string; password: string; mail?: string; givenName?: string; surname?: string; mustChange?: boolean }): Promise<string>;
  /** Changes attributes as the domain administrator (ldapmodify LDIF body without the dn line). */
  modify(dn: string, changes: string): Promise<void>;
  /** Attribute values of one entry, read as the domain administrator with ldapsearch. */
  read(dn: string, attributes: string[]): Promise<Record<string, string[]>>;
  /** Whether a simple bind with this DN and password succeeds over LDAPS. */
  canBind(dn: string, password: string): Promise<boolean>;
  tool(args: string[]): Promise<string>;
  log(): string;
  /** Stops the DC (its whole process group) and removes its folder. */
  close(): Promise<void>;
};

const realm = 'GUICHET.TEST';
const domainDn = 'DC=guichet,DC=test';
const userClassGuid = 'bf967aba-0de6-11d0-a285-00aa003049e2';
/** Control access right "Reset Password" (User-Force-Change-Password). */
const resetPasswordRight = '00299570-246d-11d0-a768-00aa006e0529';
/** schemaIDGUID of the attributes Guichet writes. */
const attributeGuids = {
  mobile: 'f0f8ffa3-1191-11d0-a060-00aa006c33ed',
  otherMailbox: '0296c123-40da-11d1-a9c0-0000f80367c1',
  lockoutTime: '28630ebf-41d5-11d1-a9c1-0000f80367c1',
  pwdLastSet: 'bf967a0a-0de6-11d0-a285-00aa003049e2',
};

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

async function listeners(): Promise<string> {
  try {
    return (await execFileAsync('ss', ['-ltnp'])).stdout;
  } catch {
    return '(ss not available)';
  }
}

async function waitForLdaps(ca: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`samba exited (${child.exitCode ?? child.signalCode}) before serving LDAPS:\n${log()}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: 636, ca });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`samba did not serve LDAPS on 127.0.0.1:636 within ${timeoutMs} ms:\n${log()}`);
}

const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export async function startSambaDc(): Promise<SambaDc> {
  // One DC at a time on this machine: another test process's DC is waited for, not collided with.
  const unlock = await acquireMachineLock('guichet-samba-dc', 90_000);
  for (const port of [389, 636]) {
    if (await portInUse(port)) {
      await unlock();
      throw new Error(
        `port ${port} on 127.0.0.1 is taken, so no Samba DC can start (is a slapd or samba service running? stop it):\n${await listeners()}`,
      );
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-samba-'));
  const target = path.join(dir, 'dc');
  const certs = makeDirectoryTls(dir, 'dc.guichet.test');
  const adminPassword = 'Adm1n!Guichet-Test';
  const servicePassword = 'Svc!Guichet-Test-1';
  const conf = path.join(target, 'etc', 'smb.conf');
  let logText = '';
  const log = () => logText.slice(-6000);
  let child: ChildProcess | undefined;

  const tool = async (args: string[]): Promise<string> => {
    try {
      return (await execFileAsync('samba-tool', [...args, '-s', conf], { maxBuffer: 16 * 1024 * 1024 })).stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`samba-tool ${args[0]} ${args[1] ?? ''} failed: ${e.stderr || e.message}`, { cause: err });
    }
  };

  const ldapEnv = { ...process.env, LDAPTLS_CACERT: certs.caFile, LDAPTLS_REQCERT: 'demand' };
  const ldapTool = (cmd: string, args: string[], input = '') =>
    new Promise<string>((resolve, reject) => {
      const proc = execFile(cmd, ['-H', 'ldaps://127.0.0.1:636', '-x', ...args], { env: ldapEnv }, (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve(stdout),
      );
      // Tools that read no input may exit before it is written.
      proc.stdin?.on('error', () => undefined);
      proc.stdin?.end(input);
    });
  const adminDn = `CN=Administrator,CN=Users,${domainDn}`;
  const staffDn = `OU=Staff,${domainDn}`;

  const close = async () => {
    const proc = child;
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    if (proc?.pid) running.delete(proc.pid);
    rmSync(dir, { recursive: true, force: true });
    await unlock();
  };

  try {
    await execFileAsync('samba-tool', [
      'domain', 'provision',
      `--targetdir=${target}`,
      `--realm=${realm}`,
      '--domain=GUICHET',
      `--adminpass=${adminPassword}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      '--host-name=dc',
      '--option=interfaces = lo',
      '--option=bind interfaces only = yes',
      // Only the LDAP server: no winbindd, DNS, SMB or Kerberos listeners to collide with the host.
      '--option=server services = ldap',
      `--option=pid directory = ${target}`,
      `--option=log file = ${path.join(target, 'log.%m')}`,
      '--option=tls enabled = yes',
      `--option=tls certfile = ${certs.certFile}`,
      `--option=tls keyfile = ${certs.keyFile}`,
      `--option=tls cafile = ${certs.caFile}`,
    ]);
    // Windows accepts an old password for an hour on NTLM logons only; Samba on simple binds too. Provision
    // does not keep this option, so it goes into the generated file.
    writeFileSync(conf, readFileSync(conf, 'utf8').replace('[global]\n', '[global]\n\told password allowed period = 0\n'));
    // Administrators may reset right after a change; three failures lock an account.
    await tool(['domain', 'passwordsettings', 'set', '--min-pwd-age=0', '--account-lockout-threshold=3', '--account-lockout-duration=30', '--reset-account-lockout-after=30']);

    const proc = spawn('samba', ['-i', '-M', 'single', '-s', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    if (proc.pid) running.add(proc.pid);
    proc.stdout?.on('data', (d: Buffer) => (logText += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (logText += d.toString()));
    await waitForLdaps(readFileSync(certs.caFile, 'utf8'), proc, log, 60_000);

    await tool(['ou', 'create', staffDn]);
    await tool(['user', 'create', 'svc-guichet', servicePassword, '--description=Guichet service account']);
    const serviceDn = `CN=svc-guichet,CN=Users,${domainDn}`;
    const sid = /objectSid: (S-[0-9-]+)/.exec(await tool(['user', 'show', 'svc-guichet', '--attributes=objectSid']))?.[1];
    if (!sid) throw new Error('could not read the service account SID');
    // The delegation the README documents, inherited by user objects of the staff OU.
    const ace = (rights: string, guid: string) => `(OA;CIIO;${rights};${guid};${userClassGuid};${sid})`;
    await tool([
      'dsacl', 'set', `--objectdn=${staffDn}`,
      `--sddl=${ace('CR', resetPasswordRight)}${ace('WP', attributeGuids.mobile)}${ace('WP', attributeGuids.otherMailbox)}${ace('RPWP', attributeGuids.lockoutTime)}${ace('RPWP', attributeGuids.pwdLastSet)}`,
    ]);

    return {
      url: 'ldaps://127.0.0.1:636',
      caFile: certs.caFile,
      domainDn,
      realm,
      staffDn,
      adminDn,
      adminPassword,
      serviceDn,
      servicePassword,
      createUser: async (user) => {
        const args = ['user', 'create', user.name, user.password, '--userou=OU=Staff', '--use-username-as-cn'];
        if (user.mail) args.push(`--mail-address=${user.mail}`);
        if (user.givenName) args.push(`--given-name=${user.givenName}`);
        if (user.surname) args.push(`--surname=${user.surname}`);
        if (user.mustChange) args.push('--must-change-at-next-login');
        await tool(args);
        return `CN=${user.name},${staffDn}`;
      },
      modify: async (dn, changes) => {
        await ldapTool('ldapmodify', ['-D', adminDn, '-w', adminPassword], `dn: ${dn}\nchangetype: modify\n${changes}\n`);
      },
      read: async (dn, attributes) => {
        const out = await ldapTool('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-D', adminDn, '-w', adminPassword, '-b', dn, '-s', 'base', '(objectClass=*)', ...attributes]);
        const values: Record<string, string[]> = {};
        for (const line of out.split('\n')) {
          const m = /^([A-Za-z0-9;-]+)(::?) (.*)$/.exec(line);
          if (!m || m[1] === 'dn') continue;
          (values[m[1]!] ??= []).push(m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!);
        }
        return values;
      },
      canBind: async (dn, password) => {
        try {
          // Samba does not implement the Who am I? operation: a base search of the root DSE proves the bind.
          await ldapTool('ldapsearch', ['-D', dn, '-w', password, '-b', '', '-s', 'base', '1.1']);
          return true;
        } catch {
          return false;
        }
      },
      tool,
      log,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
