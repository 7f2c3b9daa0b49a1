import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestNames, requestSchemas } from '../../../shared/contract';
import { errorCodes } from '../../../shared/errors';
import { createHarness, type Harness } from '../../../test/support/broker-harness';

type Visitor = ReturnType<Harness['visitor']>;

/** The parts of a flow a refused request must not change (a challenge's attempt counter is its own business). */
const snapshot = (v: Visitor) => JSON.stringify(v.session.flow, (key, value) => (key === 'challenge' ? '<challenge>' : value));

// Refusals that by design move the visitor on: a backend fault shows the unavailable screen, an expired session goes home.
const moving = new Set(['unavailable', 'session-expired']);

// Mostly real identifier/password pairs, so sign-ins succeed often enough to reach the deeper screens.
const credentials = fc.constantFrom(
  ['salma.idrissi', 'Maroc#2025pass'],
  ['SALMA.IDRISSI@univ-demo.ma', 'Maroc#2025pass'],
  ['nadia.benali', 'Bienvenue2025!'],
  ['youssef.alaoui', 'Bienvenue2025!'],
  ['karim.tazi', 'Bienvenue2025!'],
  ['ghost', 'Bienvenue2025!'],
  ['salma.idrissi', 'wrong'],
  ['', ''],
  ['*)(uid=*', 'azerty'],
);
const passwords = fc.constantFrom('Nouveau#Pass2026', 'Nouveau#Pass2026', 'azerty', '');
const numbers = fc.constantFrom('0701071074', '0701071074', '0612345678', '+212 701-071-074', '0522123456', 'abc', '');
const token = fc.constantFrom('own', 'own', 'own', 'own', 'own', 'own', 'other', 'stale', 'garbage');

/** A request that is usually well formed (so the flow logic runs), sometimes not (so validation does). */
/** Requests a visitor would plausibly make on each screen: half the cases follow them, so walks go deep. */
const plausible: Record<string, string[]> = {
  home: ['home.sign-in', 'home.recover'],
  'signin-identifier': ['signin.identifier'],
  'signin-password': ['signin.password', 'signin.forgot', 'flow.back'],
  'security-info': ['security-info.configure', 'security-info.finish'],
  'enroll-phone': ['phone.send', 'code.verify', 'code.resend', 'method.remove', 'flow.back'],
  'enroll-email': ['email.send', 'code.verify', 'code.resend', 'method.remove', 'flow.back'],
  'recovery-identify': ['recovery.identify', 'recovery.captcha-refresh'],
  'recovery-verify': ['recovery.choose', 'recovery.confirm', 'code.verify', 'code.resend', 'flow.helpdesk'],
  'recovery-password': ['recovery.password'],
};

const request = fc.record({
  guided: fc.nat(99),
  name: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...requestNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
  token,
  who: fc.constantFrom(0, 0, 0, 1),
  malformed: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  fields: fc.record({
    credentials,
    newPassword: passwords,
    confirm: passwords,
    number: numbers,
    value: numbers,
    country: fc.constantFrom('MA', 'FR', 'ZZ', 'ma'),
    channel: fc.constantFrom('sms', 'voice', 'fax'),
    method: fc.constantFrom('phone', 'email', 'pigeon'),
    address: fc.constantFrom('x.perso@gmail.com', 'salma.idrissi@univ-demo.ma', 'nope'),
    code: fc.constantFrom('LAST', 'LAST', 'LAST', '000000', '12', 'abcdef'),
    option: fc.constantFrom('sms', 'voice', 'email', 'other'),
    locale: fc.constantFrom('fr', 'en', 'ar', 'de'),
    captcha: fc.constantFrom('', 'ABCDE'),
  }),
  junk: fc.anything({ maxDepth: 2 }),
});

describe('every bridge request, in any order, from anyone', () => {
  it('answers a typed error or a view, never throws, and leaves a refused flow as it was', async () => {
    const h = await createHarness({ security: { responseFloorMs: 0, code: { resendSeconds: 0 } } });
    let validated = 0;
    let total = 0;
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 10 }), async (requests) => {
        // A day passes between cases, so lockouts and throttle blocks from earlier cases have ended.
        h.clock.advance(25 * 3600_000);
        const visitors = [h.visitor(), h.visitor()];
        const stale = visitors.map((v) => v.view.token);
        for (const r of requests) {
          const v = visitors[r.who]!;
          const options = plausible[v.view.step.name];
          const name = r.guided < 50 && options ? options[r.guided % options.length]! : r.name;
          const other = visitors[1 - r.who]!;
          const tok = { own: v.view.token, other: other.view.token, stale: stale[r.who]!, garbage: 'x'.repeat(20) }[r.token];
          const { credentials, newPassword, ...rest } = r.fields;
          const [identifier, password] = credentials as readonly string[];
          const onPasswordStep = v.view.step.name === 'recovery-password';
          const fields = {
            ...rest,
            identifier,
            password: onPasswordStep ? newPassword : password,
            code: r.fields.code === 'LAST' ? h.lastCodeTo('+212701071074') || '000000' : r.fields.code,
          };
          const all: Record<string, unknown> = { token: tok, ...fields };
          const schema = Object.hasOwn(requestSchemas, name) ? (requestSchemas as Record<string, { shape: Record<string, unknown> }>)[name] : undefined;
          // Well-formed payloads carry exactly the request's fields (the schemas refuse unknown keys).
          const shaped = schema ? Object.fromEntries(Object.keys(schema.shape).map((k) => [k, all[k]])) : all;
          const payload = r.malformed ? r.junk : shaped;
          const before = snapshot(v);
          const result = await v.raw(name, payload);
          total++;
          reached.add(v.view.step.name);
          expect(typeof result.ok).toBe('boolean');
          expect(result.view).toBeDefined();
          if (result.ok) {
            validated++;
            continue;
          }
          expect(errorCodes).toContain(result.error.code);
          if (result.error.reason !== 'malformed') validated++;
          if (!moving.has(result.error.code) && result.error.reason !== 'captcha-wrong') expect(snapshot(v)).toBe(before);
        }
        for (const v of visitors) await v.act('flow.cancel');
      }),
      { numRuns: 10_000, seed: 20261126 },
    );
    expect(total).toBeGreaterThanOrEqual(10_000);
    // Random walks reach deep into both flows, not just the first screen.
    expect([...reached], [...reached].join()).toEqual(expect.arrayContaining(['signin-password', 'security-info', 'enroll-phone', 'enroll-email', 'recovery-verify']));
    // At least half the cases got past input validation into the flow logic.
    expect(validated / total).toBeGreaterThan(0.5);
  }, 300_000);
});
