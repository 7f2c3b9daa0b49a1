// Run by memory.ts as `node --expose-gc --import tsx bench/memory-child.ts '{"concurrent":1000,"sequential":10000}'`:
// a process of its own, so nothing else the suite allocated sits in the heap being measured.
import { startBenchCore, type BenchCore } from './bench-core';
import { lowerDefaultScryptCost } from './cheap-hash';
import { Visitor } from './visitor';

type Options = { concurrent: number; sequential: number; dataParent?: string };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** Heap after full collections, once finalizers and pending callbacks had a turn. */
async function settledHeap(): Promise<{ heapUsed: number; rss: number; external: number }> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss, external } = process.memoryUsage();
  return { heapUsed, rss, external };
}

/** A visitor who signed in and reached the security info page: the account and its methods live in the session. */
async function signedIn(bench: BenchCore): Promise<Visitor> {
  const v = await Visitor.open(bench.core);
  await v.act('home.sign-in', {}, 'signin-identifier');
  await v.act('signin.identifier', { identifier: 'nadia.benali' }, 'signin-password');
  await v.act('signin.password', { password: 'Bienvenue2025!' }, 'security-info');
  return v;
}

/** A visitor who started a recovery and was shown their masked methods: the recovery target lives in the session. */
async function recovering(bench: BenchCore): Promise<Visitor> {
  const v = await Visitor.open(bench.core);
  await v.act('home.recover', {}, 'recovery-identify');
  await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: '' }, 'recovery-verify');
  return v;
}

/** One whole visit: in, the flow, cancel (the session is wiped), the window closes. */
async function visit(bench: BenchCore, i: number): Promise<void> {
  const v = i % 2 === 0 ? await signedIn(bench) : await recovering(bench);
  await v.act('flow.cancel', {}, 'home');
  v.close();
}

async function main() {
  const o = JSON.parse(process.argv[2] ?? '{}') as Options;
  const restore = lowerDefaultScryptCost();
  // Thousands of visitors on one device in a minute: the per-device lookup ceiling would refuse them long before.
  const bench = await startBenchCore(
    { recovery: { captcha: false }, security: { responseFloorMs: 0, throttles: { identifyPerDevice: { max: 1_000_000, windowMinutes: 60 } } } },
    { parent: o.dataParent },
  );
  try {
    for (let i = 0; i < 200; i++) await visit(bench, i);

    const idle = await settledHeap();
    const live: Visitor[] = [];
    for (let i = 0; i < o.concurrent; i++) live.push(i % 2 === 0 ? await signedIn(bench) : await recovering(bench));
    const loaded = await settledHeap();
    const liveSessions = bench.core.liveSessions();
    for (const v of live) v.close();
    live.length = 0;
    const released = await settledHeap();

    const start = await settledHeap();
    const trend: number[] = [];
    const step = Math.max(1, Math.floor(o.sequential / 10));
    for (let i = 0; i < o.sequential; i++) {
      await visit(bench, i);
      if ((i + 1) % step === 0) {
        trend.push((await settledHeap()).heapUsed);
        process.stderr.write(`[bench] memory: ${i + 1}/${o.sequential} sequential visitors\n`);
      }
    }
    const end = await settledHeap();
    process.stdout.write(`${JSON.stringify({ idle, loaded, released, liveSessions, start, end, trend, leftLive: bench.core.liveSessions() })}\n`);
  } finally {
    await bench.close();
    restore();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
