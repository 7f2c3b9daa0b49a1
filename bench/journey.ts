import { randomBytes } from 'node:crypto';
import { hashConcurrency, hashSecret, hashWork } from '../electron/core/passwords/scrypt-hash';
import { startBenchCore, type BenchCore } from './bench-core';
import { shippedScrypt } from './cheap-hash';
import type { Figure, Outcome } from './report';
import { median, rounded, summarize } from './stats';
import { Visitor } from './visitor';

const hour = 3_600_000;
const resetGoalRatio = 3.5;
/** security.responseFloorMs's default. */
const floorMs = 400;
/** The demo directory (README): nadia has no method yet, youssef has a phone. */
const nadia = { identifier: 'nadia.benali', password: 'Bienvenue2025!' };
const youssef = { identifier: 'youssef.alaoui', national: '0612345678', e164: '+212612345678' };
const phones = [
  { national: '0661234567', e164: '+212661234567' },
  { national: '0700112233', e164: '+212700112233' },
];

/** Server time of each request of one visit: the time the core took to answer it, in ms. */
type Visit = { steps: Array<{ name: string; ms: number }>; hashes: number };

async function step(visit: Visit, name: string, work: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await work();
  visit.steps.push({ name, ms: performance.now() - t0 });
}

const total = (visit: Visit): number => visit.steps.reduce((sum, s) => sum + s.ms, 0);

/** A new password (3 of 4 categories, nothing of the name), never a recent one. */
const freshPassword = (): string => `Kq7#${randomBytes(9).toString('base64url')}`;

/** Recovery from the home screen to "done": identify, choose the SMS option, confirm the number, the code, a new password. */
async function recovery(bench: BenchCore, password = freshPassword()): Promise<Visit> {
  const visit: Visit = { steps: [], hashes: hashWork.count };
  let v!: Visitor;
  await step(visit, 'view.get', async () => (v = await Visitor.open(bench.core)));
  await step(visit, 'home.recover', () => v.act('home.recover', {}, 'recovery-identify'));
  await step(visit, 'recovery.identify', () => v.act('recovery.identify', { identifier: youssef.identifier, captcha: '' }, 'recovery-verify'));
  const s = v.view.step;
  const option = s.name === 'recovery-verify' ? s.options.find((o) => o.channel === 'sms') : undefined;
  if (!option) throw new Error('youssef.alaoui has no SMS option: is the demo directory what the README says?');
  await step(visit, 'recovery.choose', () => v.act('recovery.choose', { option: option.id }, 'recovery-verify'));
  await step(visit, 'recovery.confirm', () => v.act('recovery.confirm', { value: youssef.national }, 'recovery-verify'));
  const code = bench.codeFor(youssef.e164);
  await step(visit, 'code.verify', () => v.act('code.verify', { code }, 'recovery-password'));
  await step(visit, 'recovery.password', () => v.act('recovery.password', { password, confirm: password }, 'recovery-done'));
  v.close();
  visit.hashes = hashWork.count - visit.hashes;
  return visit;
}

/** Enrollment from the home screen back home: sign in, the phone step, a code by SMS, the code (the phone is saved), finish. */
async function enrollment(bench: BenchCore, i: number): Promise<Visit> {
  const visit: Visit = { steps: [], hashes: hashWork.count };
  let v!: Visitor;
  await step(visit, 'view.get', async () => (v = await Visitor.open(bench.core)));
  await step(visit, 'home.sign-in', () => v.act('home.sign-in', {}, 'signin-identifier'));
  await step(visit, 'signin.identifier', () => v.act('signin.identifier', { identifier: nadia.identifier }, 'signin-password'));
  await step(visit, 'signin.password', () => v.act('signin.password', { password: nadia.password }, 'security-info'));
  await step(visit, 'security-info.configure', () => v.act('security-info.configure', { method: 'phone' }, 'enroll-phone'));
  const phone = phones[i % phones.length]!;
  await step(visit, 'phone.send', () => v.act('phone.send', { country: 'MA', number: phone.national, channel: 'sms' }, 'enroll-phone'));
  const code = bench.codeFor(phone.e164);
  await step(visit, 'code.verify', () => v.act('code.verify', { code }, 'security-info'));
  await step(visit, 'security-info.finish', () => v.act('security-info.finish', {}, 'home'));
  v.close();
  visit.hashes = hashWork.count - visit.hashes;
  return visit;
}

const last = (visit: Visit, name: string): number => visit.steps.filter((s) => s.name === name).at(-1)!.ms;

export type ResetTimeOptions = { runs: number };

/**
 * A reset's server time at the shipped scrypt cost against one scrypt computation at that cost, timed
 * alternately in the same process; the account has a full password history, so each reset checks five.
 */
export async function resetTime(o: ResetTimeOptions): Promise<Outcome> {
  const bench = await startBenchCore({ recovery: { captcha: false }, security: { responseFloorMs: 0 } });
  const resets: number[] = [];
  const scrypts: number[] = [];
  const computations: number[] = [];
  try {
    // Fill the history (the seed leaves one entry) and warm the JIT.
    for (let i = 0; i < 5; i++) {
      bench.clock.jump(2 * hour);
      await recovery(bench);
    }
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      await hashSecret('Bienvenue2025!', shippedScrypt);
      scrypts.push(performance.now() - t0);
      bench.clock.jump(2 * hour);
      const visit = await recovery(bench);
      resets.push(last(visit, 'recovery.password'));
      computations.push(visit.hashes);
    }
  } finally {
    await bench.close();
  }
  const reset = summarize(resets);
  const scrypt = summarize(scrypts);
  const ratio = reset.median / scrypt.median;
  const figures: Figure[] = [
    { name: 'reset server time (recovery.password)', unit: 'ms', summary: rounded(reset), note: `${median(computations)} scrypt computations` },
    { name: 'one scrypt computation', unit: 'ms', summary: rounded(scrypt), note: `ln=${shippedScrypt.ln},r=${shippedScrypt.r},p=${shippedScrypt.p}` },
    { name: 'reset server time / one scrypt', unit: '×', value: Number(ratio.toFixed(2)) },
    { name: 'scrypt computations at once', unit: '', value: hashConcurrency },
  ];
  return {
    met: ratio <= resetGoalRatio,
    headline: `reset ${reset.median.toFixed(0)} ms = ${ratio.toFixed(2)}× one scrypt (${scrypt.median.toFixed(0)} ms)`,
    figures,
    notes: [
      `recovery.password for youssef.alaoui with five passwords in his history, at the shipped scrypt cost, security.responseFloorMs 0, CAPTCHA off; median of ${o.runs}, alternating with one scrypt computation in the same process.`,
    ],
  };
}

export type JourneyOptions = { runs: number };

type Visits = { recovery: Visit[]; enrollment: Visit[] };

/**
 * The same visits on a core without the anti-enumeration floor and on one with the default floor, alternating
 * so that both meet the same machine load; each account first gets a full password history.
 */
async function journeys(runs: number): Promise<{ bare: Visits; floored: Visits }> {
  const bare = await startBenchCore({ recovery: { captcha: false }, security: { responseFloorMs: 0 } });
  const floored = await startBenchCore({ recovery: { captcha: false }, security: { responseFloorMs: floorMs } });
  const out = { bare: { recovery: [], enrollment: [] } as Visits, floored: { recovery: [], enrollment: [] } as Visits };
  try {
    for (const bench of [bare, floored]) {
      for (let i = 0; i < 5; i++) {
        bench.clock.jump(2 * hour);
        await recovery(bench);
      }
      await enrollment(bench, 0);
    }
    for (let i = 0; i < runs; i++) {
      for (const [bench, into] of [[bare, out.bare], [floored, out.floored]] as const) {
        bench.clock.jump(2 * hour);
        into.recovery.push(await recovery(bench));
        into.enrollment.push(await enrollment(bench, i + 1));
      }
    }
  } finally {
    await bare.close();
    await floored.close();
  }
  return out;
}

/**
 * Whole visits at the shipped scrypt cost: the server time of every request of a recovery and of an
 * enrollment added up, without the anti-enumeration floor, and the same visits with the default floor apart.
 */
export async function journey(o: JourneyOptions): Promise<Outcome> {
  const { bare, floored } = await journeys(o.runs);
  const figures: Figure[] = [];
  const headline: string[] = [];
  for (const kind of ['recovery', 'enrollment'] as const) {
    const server = summarize(bare[kind].map(total));
    const withFloor = summarize(floored[kind].map(total));
    figures.push({ name: `full ${kind}, server time`, unit: 'ms', summary: rounded(server), note: `${median(bare[kind].map((v) => v.hashes))} scrypt computations` });
    figures.push({ name: `full ${kind}, response floor (${floorMs} ms) adds`, unit: 'ms', value: Number((withFloor.median - server.median).toFixed(1)), note: `${floorMs} ms floor: ${withFloor.median.toFixed(0)} ms` });
    const names = bare[kind][0]!.steps.map((s) => s.name);
    const slowest = names
      .map((name, i) => ({ name, ms: median(bare[kind].map((v) => v.steps[i]!.ms)) }))
      .sort((a, b) => b.ms - a.ms)[0]!;
    figures.push({ name: `full ${kind}, slowest request`, unit: 'ms', value: Number(slowest.ms.toFixed(1)), note: slowest.name });
    headline.push(`${kind} ${server.median.toFixed(0)} ms (+${(withFloor.median - server.median).toFixed(0)} ms floor)`);
  }
  return {
    met: null,
    headline: headline.join('; '),
    figures,
    notes: [
      `Every request of a visit, from view.get to the last step, through the core's handler table at the shipped scrypt cost, CAPTCHA off; median of ${o.runs} visits each, alternating between a core with security.responseFloorMs 0 and one with ${floorMs} (the default); the floor's share is the difference of the medians.`,
    ],
  };
}
