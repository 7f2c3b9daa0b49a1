import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCore } from '../electron/core/bootstrap';
import type { Core } from '../electron/core/transport';
import { repo } from './machine';

/** The clock the core runs on: real time, plus jumps that let throttle windows pass between bench iterations. */
class JumpClock {
  private offset = 0;
  now = () => Date.now() + this.offset;
  jump(ms: number) {
    this.offset += ms;
  }
}

export type BenchCore = {
  core: Core;
  dir: string;
  clock: JumpClock;
  /** The newest code sent to a destination, read from the outbox as a visitor would read their phone. */
  codeFor(to: string): string;
  /** Shuts the core down and removes its data folder. */
  close(): Promise<void>;
};

const version = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;

/** The six-digit code in a message (voice scripts space the digits out). */
function codeIn(text: string): string {
  const match = /(\d[\d ,.]{5,})/.exec(text.replace(/(\d)[ ,.]+(?=\d)/g, '$1'));
  if (!match) throw new Error('no code in the message');
  return match[1]!.replace(/\D/g, '').slice(0, 6);
}

/**
 * The main-side core as the app starts it (startCore: config file, embedded directory with the demo users,
 * outbox delivery, state store, audit log), in a temporary data folder under `parent` (default: the system's).
 */
export async function startBenchCore(config: Record<string, unknown>, opts: { parent?: string } = {}): Promise<BenchCore> {
  const dir = fs.mkdtempSync(path.join(opts.parent ?? os.tmpdir(), 'guichet-bench-'));
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  const clock = new JumpClock();
  const lastText = new Map<string, string>();
  // Only the last lines are kept: a log that grows with every visitor would show up in the memory figures.
  const log: string[] = [];
  const started = await startCore({
    argv: ['--config', configFile],
    env: { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'bench-audit-chain-key' },
    platform: process.platform,
    dataDir: dir,
    installed: false,
    version,
    clock,
    log: (line) => {
      log.push(line);
      if (log.length > 50) log.shift();
    },
    onOutbox: (line) => {
      const message = JSON.parse(line) as { to: string; text: string };
      lastText.set(message.to, message.text);
    },
  });
  if (!started.config) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`the core did not start:\n${log.join('\n')}`);
  }
  return {
    core: started.core,
    dir,
    clock,
    codeFor: (to) => {
      const text = lastText.get(to);
      if (text === undefined) throw new Error(`no message was sent to ${to.slice(0, 4)}…`);
      return codeIn(text);
    },
    close: async () => {
      await started.core.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
