import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { LocalCertificate } from './local-certificate';
import { freePort } from './slapd-server';

export type RsyslogServer = { port: number; file: string; start: () => Promise<void>; stop: () => Promise<void> };

/**
 * Debian's rsyslogd with its own config (not the system service): TLS (gtls) on a loopback port, writing every raw
 * message it receives to a file. `-i` gives it its own pid file, so a system rsyslogd is neither needed nor touched.
 */
export async function rsyslogServer(dir: string, cert: LocalCertificate): Promise<RsyslogServer> {
  const port = await freePort();
  const file = path.join(dir, 'received.log');
  const work = path.join(dir, 'work');
  fs.mkdirSync(work, { recursive: true });
  const keyFile = path.join(dir, 'server-key.pem');
  fs.writeFileSync(keyFile, cert.key, { mode: 0o600 });
  const conf = path.join(dir, 'rsyslog.conf');
  fs.writeFileSync(
    conf,
    [
      `global(workDirectory="${work}" defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${cert.caFile}" defaultNetstreamDriverCertFile="${cert.caFile}" defaultNetstreamDriverKeyFile="${keyFile}")`,
      `module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`,
      `input(type="imtcp" port="${port}" address="127.0.0.1")`,
      `template(name="raw" type="string" string="%rawmsg%\\n")`,
      `action(type="omfile" file="${file}" template="raw" flushOnTXEnd="on")`,
      '',
    ].join('\n'),
  );
  const pidFile = path.join(dir, 'rsyslogd.pid');
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    child = spawn('rsyslogd', ['-n', '-f', conf, '-i', pidFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${output}`);
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (open) return;
      if (Date.now() > deadline) throw new Error(`rsyslogd did not listen on ${port}: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  return { port, file, start, stop };
}
