import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { AuditLog, type AuditSink } from '../electron/core/audit/audit-log';
import { SyslogForwarder } from '../electron/core/audit/syslog/syslog-forwarder';
import { systemClock } from '../electron/core/clock';
import { SqliteStateStore } from '../electron/core/verify/sqlite-state-store';
import { localCertificate } from '../test/support/local-certificate';
import type { Outcome } from './report';
import { rounded, summarize } from './stats';

export type AuditOptions = { appends: number };

/** A TLS syslog receiver on loopback that counts the octet-counted frames it gets. */
async function countingReceiver(): Promise<{ port: number; ca: string; received: () => number; close: () => Promise<void> }> {
  const cert = await localCertificate();
  let frames = 0;
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const space = buffered.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffered.subarray(0, space).toString('ascii'));
        if (buffered.length < space + 1 + length) return;
        buffered = buffered.subarray(space + 1 + length);
        frames += 1;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    ca: cert.cert,
    received: () => frames,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Appends as the flows make them: each line keyed, written and fsynced, and the chain head saved in state.sqlite. */
async function measure(appends: number, dir: string, sinks: AuditSink[]): Promise<number[]> {
  const store = new SqliteStateStore(path.join(dir, 'state.sqlite'));
  const log = new AuditLog({ path: path.join(dir, 'audit.jsonl'), store, kioskId: 'bench-kiosk', clock: systemClock, key: 'bench-audit-chain-key', sinks });
  const each: number[] = [];
  try {
    for (let i = 0; i < 20; i++) log.append({ event: 'session.wiped', session: `warm-up-${i}`, outcome: 'ok', detail: { reason: 'idle' } });
    for (let i = 0; i < appends; i++) {
      const t0 = performance.now();
      log.append({ event: 'code.sent', session: `session-${i}`, account: '42', outcome: 'ok', detail: { channel: 'sms', to: '+212 6•• ••• •78' } });
      each.push(performance.now() - t0);
    }
  } finally {
    log.close();
    store.close();
  }
  return each;
}

/** Keyed chain alone, then with forwarding to a TLS syslog receiver on loopback, side by side in one run. */
export async function audit(o: AuditOptions): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-audit-'));
  const receiver = await countingReceiver();
  try {
    fs.mkdirSync(path.join(dir, 'local'));
    fs.mkdirSync(path.join(dir, 'forwarded'));
    const local = await measure(o.appends, path.join(dir, 'local'), []);
    const forwarder = new SyslogForwarder({
      target: { host: '127.0.0.1', port: receiver.port, ca: receiver.ca },
      spoolPath: path.join(dir, 'forwarded', 'audit-syslog.spool'),
      spoolBytes: 200 * 1024 * 1024,
      onFull: () => {},
    });
    const started = performance.now();
    const forwarded = await measure(o.appends, path.join(dir, 'forwarded'), [forwarder]);
    const expected = o.appends + 21;
    while (receiver.received() < expected && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    const deliveredSeconds = (performance.now() - started) / 1000;
    forwarder.close();
    const rate = (each: number[]) => each.length / (each.reduce((a, b) => a + b, 0) / 1000);
    const [a, b] = [rate(local), rate(forwarded)];
    return {
      met: null,
      headline: `${a.toFixed(0)} appends/s keyed chain, ${b.toFixed(0)} appends/s with forwarding (${(b / a).toFixed(2)}×)`,
      figures: [
        { name: 'appends per second, keyed chain', unit: '/s', value: Number(a.toFixed(0)) },
        { name: 'appends per second, keyed chain + syslog forwarding', unit: '/s', value: Number(b.toFixed(0)) },
        { name: 'one append (HMAC + write + fsync + head in SQLite)', unit: 'ms', summary: rounded(summarize(local)) },
        { name: 'one append with forwarding (+ spool + TLS write behind it)', unit: 'ms', summary: rounded(summarize(forwarded)) },
        { name: 'lines received by the TLS receiver', unit: 'lines', value: receiver.received() },
        { name: 'time until the receiver had every line', unit: 's', value: Number(deliveredSeconds.toFixed(2)) },
      ],
      notes: [`${o.appends} appends one after the other into ${os.tmpdir()}; forwarding to a TLS syslog receiver on loopback (RFC 5425 framing).`],
    };
  } finally {
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
