import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './machine';
import type { Outcome } from './report';

export type MemoryOptions = { concurrent: number; sequential: number };

/**
 * The heap does not depend on how fast the disk syncs, but the run time does: on Linux the data folder goes to
 * tmpfs, where fsync costs nothing, so ten thousand visitors fit in the suite's time budget.
 */
const memoryDisk = fs.existsSync('/dev/shm') ? '/dev/shm' : undefined;

type Heap = { heapUsed: number; rss: number; external: number };
type ChildResult = { idle: Heap; loaded: Heap; released: Heap; liveSessions: number; start: Heap; end: Heap; trend: number[]; leftLive: number };

const perSessionGoal = 50 * 1024;
const growthGoal = 5 * 1024 * 1024;
const KiB = (bytes: number) => Number((bytes / 1024).toFixed(1));
const MiB = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(2));

function runChild(o: MemoryOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ ...o, dataParent: memoryDisk });
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(repo, 'bench/memory-child.ts'), args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(d);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory child exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
      } catch (e) {
        reject(new Error(`memory child printed no result: ${String(e)}\n${out.slice(-1000)}`));
      }
    });
  });
}

/**
 * Main-side heap per live visitor, and what stays behind after many visitors, in a child process started with
 * --expose-gc so every reading follows full collections.
 */
export async function memory(o: MemoryOptions): Promise<Outcome> {
  const r = await runChild(o);
  const perSession = (r.loaded.heapUsed - r.idle.heapUsed) / o.concurrent;
  const growth = r.end.heapUsed - r.start.heapUsed;
  const met = perSession <= perSessionGoal && growth <= growthGoal;
  return {
    met,
    headline: `${KiB(perSession)} KiB per live session; ${MiB(growth)} MiB after ${o.sequential.toLocaleString('en')} visitors`,
    figures: [
      { name: `heap per live session (${o.concurrent} concurrent)`, unit: 'KiB', value: KiB(perSession) },
      { name: 'heap with no visitor', unit: 'MiB', value: MiB(r.idle.heapUsed) },
      { name: `heap with ${o.concurrent} live sessions`, unit: 'MiB', value: MiB(r.loaded.heapUsed), note: `${r.liveSessions} live sessions reported by the core` },
      { name: 'heap once they closed', unit: 'MiB', value: MiB(r.released.heapUsed) },
      { name: `heap growth over ${o.sequential} sequential visitors`, unit: 'MiB', value: MiB(growth), note: `from ${MiB(r.start.heapUsed)} to ${MiB(r.end.heapUsed)} MiB` },
      { name: 'heap after each tenth of them', unit: 'MiB', note: r.trend.map(MiB).join(', ') },
      { name: `RSS growth over ${o.sequential} sequential visitors`, unit: 'MiB', value: MiB(r.end.rss - r.start.rss), note: 'includes SQLite page caches and the allocator keeping freed pages' },
    ],
    notes: [
      `A core started with startCore (embedded directory, outbox, audit log; data folder in ${memoryDisk ?? 'the system temporary folder'}) in its own Node process with --expose-gc; heap = V8 heapUsed after full collections. Live sessions: half signed in on the security info page, half in recovery after identify (the session then holds the account or the recovery target). Sequential: ${o.sequential} visitors, each a sign-in or an identify, then cancel (the session is wiped) and the connection closed, after 200 unrecorded visitors.`,
    ],
  };
}
