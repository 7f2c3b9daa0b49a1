import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';
import { checkVariantRelations, screenOf, strangerNames } from '../../../test/support/enumeration-property';

const fleetKey = Buffer.from('a fleet key shared by every kiosk, 32+ chars', 'utf8');

describe('what a stranger can learn about who has an account', () => {
  it('relates every pair of spellings of a real account and of an unknown name the same way (embedded directory)', async () => {
    const h = await createHarness(
      { organization: { domain: 'univ-demo.ma', otherDomains: ['ancien.univ-demo.ma'] }, security: { throttles: { identifyPerDevice: { max: 100_000 } } } },
      { decoyKey: fleetKey },
    );
    const { pairs, same } = await checkVariantRelations({
      harness: h,
      backend: h.embedded,
      realName: 'salma.idrissi',
      domains: { own: 'univ-demo.ma', other: 'ancien.univ-demo.ma', netbios: 'UNIVDEMO' },
      unknownNames: strangerNames,
      numRuns: 300,
    });
    expect(pairs).toBe(300);
    // Both kinds of relation were exercised, not only "same screen".
    expect(same).toBeGreaterThan(30);
    expect(pairs - same).toBeGreaterThan(30);
  }, 120_000);

  it('relates a name to its own domain typed twice, to a space before the domain and to a trailing NUL the same way for a real account and an unknown name', async () => {
    const h = await createHarness({ organization: { domain: 'univ-demo.ma', otherDomains: ['ancien.univ-demo.ma'] } }, { decoyKey: fleetKey });
    const real = (await h.embedded.findUser('salma.idrissi'))!;
    await h.embedded.setPhone(real, '+212612340001');
    for (const [name, other] of [['salma.idrissi', 'zq.inconnue'], ['salma.idrissi', 'fi.zq7']]) {
      for (const suffix of ['@univ-demo.ma@univ-demo.ma', '@ancien.univ-demo.ma@univ-demo.ma', ' @univ-demo.ma', '\u0000', '\u200b']) {
        const relation = {
          real: (await screenOf(h, name)) === (await screenOf(h, `${name}${suffix}`)),
          unknown: (await screenOf(h, other)) === (await screenOf(h, `${other}${suffix}`)),
        };
        expect(relation, JSON.stringify(suffix)).toEqual({ real: relation.unknown, unknown: relation.unknown });
      }
    }
  });

  it('draws decoy option sets from recovery.decoy.optionMix and their email domains from recovery.decoy.emailDomains only', async () => {
    const h = await createHarness(
      {
        recovery: { decoy: { optionMix: { phone: 50, email: 20, both: 30 }, emailDomains: ['gmail.com', 'yahoo.fr'] } },
        security: { throttles: { identifyPerDevice: { max: 100_000 } } },
      },
      { decoyKey: fleetKey },
    );
    const counts = { phone: 0, email: 0, both: 0 };
    const domains = new Set<string>();
    const runs = 1000;
    for (let i = 0; i < runs; i++) {
      const options = (await identify(h, `inconnu.${i}`)).options;
      const phone = options.some((o) => o.channel !== 'email');
      const email = options.find((o) => o.channel === 'email');
      counts[phone && email ? 'both' : phone ? 'phone' : 'email']++;
      if (email) domains.add(email.hint.split('@')[1]!);
    }
    // Within four standard deviations of the configured shares (n = 1000).
    expect(Math.abs(counts.phone / runs - 0.5)).toBeLessThan(0.064);
    expect(Math.abs(counts.email / runs - 0.2)).toBeLessThan(0.051);
    expect(Math.abs(counts.both / runs - 0.3)).toBeLessThan(0.058);
    expect([...domains].sort()).toEqual(['g****.com', 'y****.fr']);
  });

  it('never shows a domain read from a real account in a decoy', async () => {
    // karim.tazi has no methods, so he gets a decoy: a rare personal domain he registered must not leak into it.
    const h = await createHarness({ recovery: { decoy: { optionMix: { phone: 0, email: 100, both: 0 }, emailDomains: ['gmail.com'] } } });
    const karim = (await h.embedded.findUser('karim.tazi'))!;
    await h.embedded.setEmail(karim, 'k.tazi@rare-lab.example');
    await h.embedded.setPhone(karim, null);
    const seen = await identify(h, 'karim.tazi');
    expect(seen.options).toHaveLength(1);
    expect(seen.options[0]!.hint.split('@')[1]).toBe('g****.com');
  });

  it('shows one decoy per unknown name on every kiosk sharing security.decoyKey, and another on a kiosk with its own key', async () => {
    const kioskA = await createHarness({}, { decoyKey: fleetKey });
    const kioskB = await createHarness({}, { decoyKey: fleetKey });
    const reinstalled = await createHarness();
    for (const name of ['inconnu.un', 'inconnu.deux', 'inconnu.trois']) {
      expect(await identify(kioskA, name)).toEqual(await identify(kioskB, `  ${name.toUpperCase()}@UNIV-DEMO.MA`));
    }
    const differs = await Promise.all(['inconnu.un', 'inconnu.deux', 'inconnu.trois'].map(async (n) => JSON.stringify(await identify(kioskA, n)) !== JSON.stringify(await identify(reinstalled, n))));
    expect(differs).toContain(true);
    // A real account's hints are the same everywhere.
    expect(await identify(kioskA, 'salma.idrissi')).toEqual(await identify(reinstalled, 'salma.idrissi'));
  });

  it('refuses the 61st recovery lookup from one device within an hour, whatever names it tries', async () => {
    const h = await createHarness();
    const answers: string[] = [];
    for (let i = 0; i < 120; i++) {
      const v = h.visitor();
      await v.act('home.recover');
      const r = await v.act('recovery.identify', { identifier: i % 2 ? `inconnu.${i}` : 'salma.idrissi', captcha: '' });
      answers.push(r.ok ? 'shown' : r.error.code);
      h.clock.advance(1000);
    }
    expect(answers.filter((a) => a === 'shown')).toHaveLength(60);
    expect(answers.slice(60).every((a) => a === 'throttled')).toBe(true);
    expect(h.backend.calls.filter((c) => c === 'findUser')).toHaveLength(60 * 2);
    h.clock.advance(3600_000);
    const later = h.visitor();
    await later.act('home.recover');
    expect((await later.act('recovery.identify', { identifier: 'salma.idrissi', captcha: '' })).ok).toBe(true);
  });

  it('stops password spraying: the 31st failed sign-in from one device within an hour is refused before any check', async () => {
    const h = await createHarness();
    const answers: string[] = [];
    for (let i = 0; i < 120; i++) {
      const r = await signIn(h, i % 3 ? `inconnu.${i}` : 'nadia.benali', 'Bienvenue2024!');
      answers.push(r.ok ? 'ok' : (r.error.reason ?? r.error.code));
    }
    expect(answers.slice(0, 30).every((a) => a === 'wrong-credentials')).toBe(true);
    expect(answers.slice(30).every((a) => a === 'throttled')).toBe(true);
    expect(h.backend.calls.filter((c) => c === 'signIn')).toHaveLength(30);
    // The owner with the right password waits too: the device, not the account, is out of guesses.
    expect(await signIn(h, 'nadia.benali', 'Bienvenue2025!')).toMatchObject({ ok: false, error: { code: 'throttled' } });
  });

  it('holds a burst of concurrent sign-ins from one device to security.throttles.signInFailuresPerDevice', async () => {
    const h = await createHarness();
    const v = h.visitor();
    await v.act('home.sign-in');
    await v.act('signin.identifier', { identifier: 'inconnu.rafale' });
    // Sixty guesses sent at once on the one step token, before any answer came back.
    const token = v.view.token;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => h.broker.handle(v.session, 'signin.password', { token, password: `Guess#${i}abc` })),
    );
    const reasons = answers.map(({ result: r }) => (r.ok ? 'ok' : (r.error.reason ?? r.error.code)));
    expect(h.backend.calls.filter((c) => c === 'signIn')).toHaveLength(30);
    expect(reasons.filter((r) => r === 'wrong-credentials')).toHaveLength(30);
    expect(reasons.filter((r) => r === 'throttled')).toHaveLength(30);
  });

  it('answers a locked account the same to the right and a wrong password, as for anyone, and offers recovery from there', async () => {
    const h = await createHarness({ security: { throttles: { signInFailures: 3 } } });
    for (let i = 0; i < 3; i++) await signIn(h, 'nadia.benali', 'Wrong#Pass1');
    expect((await h.embedded.findUser('nadia.benali'))?.locked).toBe(true);
    const right = await signIn(h, 'nadia.benali', 'Bienvenue2025!');
    const wrong = await signIn(h, 'nadia.benali', 'Wrong#Pass1');
    const nobody = await signIn(h, 'inconnu.total', 'Bienvenue2025!');
    const strip = (r: Awaited<ReturnType<typeof signIn>>) => JSON.stringify({ ...r, view: { ...r.view, token: '' } });
    expect(right).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'wrong-credentials' } });
    expect(strip(wrong)).toBe(strip(right));
    expect(strip(nobody).replaceAll('inconnu.total', 'nadia.benali')).toBe(strip(right));
    expect(right.view?.step.name).toBe('signin-password');
  });

  it('audits a failed sign-in with a keyed digest of the normalized name, never the name', async () => {
    const h = await createHarness({}, { decoyKey: fleetKey });
    await signIn(h, 'Inconnu.Total', 'x');
    await signIn(h, ' inconnu.total@univ-demo.ma ', 'x');
    await signIn(h, 'salma.idrissi', 'x');
    const text = fs.readFileSync(path.join(h.dir, 'audit.jsonl'), 'utf8');
    const fails = text.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'signin.fail');
    expect(fails).toHaveLength(3);
    for (const f of fails) expect(f.account).toMatch(/^name:[0-9a-f]{32}$/);
    expect(fails[0].account).toBe(fails[1].account);
    expect(fails[2].account).not.toBe(fails[0].account);
    expect(text.toLowerCase()).not.toContain('inconnu');
    expect(text).not.toContain('salma');
  });
});

async function identify(h: Harness, identifier: string) {
  const v = h.visitor();
  await v.act('home.recover');
  const r = await v.act('recovery.identify', { identifier, captcha: '' });
  expect(r.ok).toBe(true);
  const step = v.view.step as { options: { id: string; channel: string; hint: string }[] };
  await v.act('flow.cancel');
  return { options: step.options };
}

async function signIn(h: Harness, identifier: string, password: string) {
  const v = h.visitor();
  await v.act('home.sign-in');
  await v.act('signin.identifier', { identifier });
  return v.act('signin.password', { password });
}
