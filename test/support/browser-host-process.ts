import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type HostProcess = {
  url: string;
  dataDir: string;
  configFile: string;
  output: string[];
  stop(): Promise<void>;
};

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The e2e defaults: no anti-enumeration padding and no CAPTCHA, so tests run fast; each test may override. */
export const testConfig = {
  organization: { name: 'Université Démo', domain: 'univ-demo.ma' },
  recovery: { captcha: false },
  security: { responseFloorMs: 0, code: { resendSeconds: 2 } },
};

/** The audit chain key for hosts started without an OS keychain (CI), as IT would set it on a headless machine. */
export const testAuditKeyEnv = { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'e2e-audit-chain-key' };

/** Starts `npm run start:browser` as IT would (the real CLI, its own data folder) on a free port. */
export async function startHost(config: Record<string, unknown> = testConfig, dataDir?: string, env: Record<string, string> = {}): Promise<HostProcess> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-e2e-'));
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repo, 'electron/host/main.ts'), '--config', configFile, '--port', '0', '--data-dir', dir],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...testAuditKeyEnv, ...env } },
  );
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output.join('')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /Guichet is served at (\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited (${code}):\n${output.join('')}`));
    });
  });
  return {
    url,
    dataDir: dir,
    configFile,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export type OutboxLine = { channel: 'sms' | 'voice' | 'email'; to: string; text: string; subject?: string; at: string };

export function outbox(dataDir: string): OutboxLine[] {
  const file = path.join(dataDir, 'outbox.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as OutboxLine);
}

/** The code in the newest message to `to` (digits as sent; voice scripts space them out). */
export function lastCode(dataDir: string, to: string): string {
  const messages = outbox(dataDir).filter((m) => m.to === to);
  const last = messages[messages.length - 1];
  if (!last) throw new Error(`no message to ${to}`);
  return codeIn(last.text);
}

/** The six-digit code in a message's text, whichever channel carried it (voice scripts space the digits out). */
export function codeIn(text: string): string {
  const match = /(\d[\d ,.]{5,})/.exec(text.replace(/(\d)[ ,.]+(?=\d)/g, '$1'));
  if (!match) throw new Error('no code in the message');
  return match[1]!.replace(/\D/g, '').slice(0, 6);
}
