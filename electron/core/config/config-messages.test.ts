import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configErrorMap } from './config-error-map';
import { parseConfig, type ConfigProblem } from './load-config';
import { configSchema } from './schema';

/** `PATH: MESSAGE` of every problem parseConfig finds in `input`. */
const problems = (input: unknown): string[] => {
  const loaded = parseConfig(input, { kind: 'argument', file: '/etc/guichet/config.json' });
  return loaded.ok ? [] : loaded.problems.map((p: ConfigProblem) => `${p.path}: ${p.message}`);
};

describe('config messages say what is expected', () => {
  it('a union of values, a range, a length, a list, an enum, a format, a required key', () => {
    expect(problems({ recovery: { methodsRequired: 3 } })).toEqual(['recovery.methodsRequired: expected 1 or 2 (got 3)']);
    expect(problems({ kiosk: { idleSeconds: 2.5, warningSeconds: 1 } })).toEqual([
      'kiosk.idleSeconds: expected a whole number from 5 to 3600 (got 2.5)',
      'kiosk.warningSeconds: expected a whole number from 3 to 300 (got 1)',
    ]);
    expect(problems({ security: { throttles: { blockHours: -1 } } })).toEqual(['security.throttles.blockHours: expected a number of at least 0 (got -1)']);
    expect(problems({ organization: { shortName: 'Université Mohammed VI' } })).toEqual(['organization.shortName: expected at most 20 characters (got 22)']);
    expect(problems({ enrollment: { methods: [] } })).toEqual(['enrollment.methods: expected at least 1 item (got 0)']);
    expect(problems({ enrollment: { methods: ['phone', 'sms'] } })).toEqual(['enrollment.methods[1]: expected "phone" or "email" (got "sms")']);
    expect(problems({ kiosk: { enabled: 'yes' } })).toEqual(['kiosk.enabled: expected true or false, got a text']);
    expect(problems({ locale: { available: 'fr' } })).toEqual(['locale.available: expected a list [ … ], got a text']);
    expect(problems({ delivery: { email: { type: 'smtp', host: 'smtp.example.test', from: 'guichet' } } })).toEqual([
      'delivery.email.from: expected an email address such as name@example.org',
    ]);
    expect(problems({ backend: { type: 'graph', graph: { clientId: 'x', clientSecret: 'secret:G' } } })).toEqual([
      'backend.graph.tenantId: required: expected a text in quotes',
    ]);
    expect(problems({ delivery: { sms: { type: 'twilo' } } })).toEqual(['delivery.sms.type: expected "outbox", "none", "twilio" or "http" (got "twilo"): did you mean "twilio"?']);
  });

  it('words the bounds and kinds a new key may use, with no per-key message', () => {
    const message = (schema: z.ZodType, value: unknown) => schema.safeParse(value, { error: configErrorMap }).error?.issues[0]?.message;
    expect(message(z.number().positive().lt(10), 0)).toBe('expected a number above 0 and below 10 (got 0)');
    expect(message(z.string().length(2), 'MAR')).toBe('expected exactly 2 characters (got 3)');
    expect(message(z.union([z.literal('a'), z.literal('b'), z.literal('c')]), 'd')).toBe('expected "a", "b" or "c" (got "d")');
    expect(message(z.strictObject({ domain: z.string() }), { domian: 'x', domain: 'y' })).toBe('unknown key "domian" (did you mean "domain"?)');
    expect(message(z.url(), 'not a url')).toBe('expected a URL such as https://example.org');
  });

  it('no zod default wording is left, whatever wrong value a key gets', () => {
    const leaves = (value: unknown, path: string[] = []): string[][] =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k])) : [path];
    const paths = leaves(configSchema.parse({}));
    const zodWords = /^(Invalid input|Invalid option|Invalid string|Invalid email|Too small|Too big|Unrecognized key)|expected .*, received /;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer()), fc.object()), (path, value) => {
        const input: Record<string, unknown> = {};
        let node = input;
        for (const key of path.slice(0, -1)) node = (node[key] = {}) as Record<string, unknown>;
        node[path.at(-1)!] = value;
        for (const problem of problems(input)) expect(problem.split(': ').slice(1).join(': ')).not.toMatch(zodWords);
      }),
      { numRuns: 400 },
    );
  });

  it('never echoes a text typed where a secret, a hash or an object belongs', () => {
    const token = 'tok-9f8e7d6c5b4a';
    const lines = problems({
      kiosk: { attendantPinHash: '739146' },
      delivery: { sms: { type: 'http', url: 'https://gw.example.test/send', auth: `Bearer ${token}` }, email: { type: 'smtp', host: 'h', from: 'g@example.test', user: 'u', password: token } },
    });
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toMatch(/739146|tok-9f8e/);
    expect(lines).toContain('kiosk.attendantPinHash: expected the line `guichet pin-hash` prints ($scrypt$ln=17,r=8,p=1$…$…), not the PIN itself');
  });
});

describe('a misspelt key names the key that was meant, at any depth', () => {
  it('at the top, in a section, inside a provider', () => {
    expect(problems({ organisation: { name: 'UM6SS' } })).toEqual(['(root): unknown key "organisation" (did you mean "organization"?)']);
    expect(problems({ locale: { dfault: 'fr' }, kiosk: { enable: true } })).toEqual([
      'locale: unknown key "dfault" (did you mean "default"?)',
      'kiosk: unknown key "enable" (did you mean "enabled"?)',
    ]);
    expect(problems({ delivery: { email: { type: 'smtp', hots: 'smtp.example.test', host: 'h', from: 'g@example.test' } } })).toEqual([
      'delivery.email: unknown key "hots" (did you mean "host"?)',
    ]);
    expect(problems({ kiosk: { colour: 'red' } })[0]).toMatch(/^kiosk: unknown key "colour"; known here: enabled, id, idleSeconds, /);
  });
});

describe('every problem in one run', () => {
  it('checks across keys are reported beside type errors', () => {
    expect(
      problems({
        kiosk: { idleSeconds: 2.5 },
        security: { code: { ttlSeconds: 'soon' } },
        locale: { default: 'de', available: ['fr', 'en'] },
        recovery: { methodsRequired: 2 },
        enrollment: { minimumMethods: 1 },
        backend: { type: 'ldap' },
      }).sort(),
    ).toEqual([
      'backend.ldap: backend.ldap is required when backend.type is "ldap"',
      'enrollment.minimumMethods: expected at least recovery.methodsRequired (2), got 1: a reset could ask for more methods than a user keeps',
      'kiosk.idleSeconds: expected a whole number from 5 to 3600 (got 2.5)',
      'locale.default: expected one of locale.available ("fr", "en"), got "de"',
      'security.code.ttlSeconds: expected a whole number from 1 to 600, got a text',
    ]);
  });

  it('checks inside a provider run beside its own type errors', () => {
    expect(problems({ delivery: { email: { type: 'smtp', host: 'h', port: 'x', from: 'g@example.test', user: 'u' } } })).toEqual([
      'delivery.email.port: expected a whole number from 1 to 65535, got a text',
      'delivery.email.password: "user" and "password" go together',
    ]);
  });

  it('a key that is wrong is reported once, not again as the source of a contradiction', () => {
    expect(problems({ recovery: { methodsRequired: 3 }, enrollment: { minimumMethods: 1 } })).toEqual(['recovery.methodsRequired: expected 1 or 2 (got 3)']);
    expect(problems({ locale: { default: 5, available: ['fr'] } })).toEqual(['locale.default: expected a text in quotes, got the number 5']);
  });
});

describe('values the app would silently misread', () => {
  it('a country libphonenumber-js does not know', () => {
    expect(problems({ phone: { defaultCountry: 'XX', allowedCountries: ['MA', 'sn', 'ZZ'] } })).toEqual([
      'phone.defaultCountry: "XX" is not a country code libphonenumber-js knows: expected an ISO 3166-1 alpha-2 code such as "MA", "FR" or "SN"',
      'phone.allowedCountries[2]: "ZZ" is not a country code libphonenumber-js knows: expected an ISO 3166-1 alpha-2 code such as "MA", "FR" or "SN"',
    ]);
  });

  it('an attendant PIN hash that guichet pin-hash did not print, and a key combination with an unknown key', async () => {
    const { hashSecret } = await import('../passwords/scrypt-hash');
    const hash = await hashSecret('739146', { ln: 10, r: 8, p: 1 });
    expect(problems({ kiosk: { attendantPinHash: hash, attendantKeys: 'Ctrl+Alt+F9' } })).toEqual([]);
    expect(problems({ kiosk: { attendantPinHash: '1234' } })).toHaveLength(1);
    expect(problems({ kiosk: { attendantPinHash: hash.replace('ln=10', 'ln=40') } })).toHaveLength(1);
    expect(problems({ kiosk: { attendantKeys: 'Ctrl+Alt+Foo' } })).toEqual([
      expect.stringMatching(/^kiosk\.attendantKeys: "Foo" in "Ctrl\+Alt\+Foo" is not a key name: expected a letter, a digit, F1 to F24/),
    ]);
  });
});

describe('a hostile file', () => {
  it('deeply nested or very wide unknown values cost no more than reading them', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const lines = problems({ kiosk: { idleSeconds: 2.5, extra: deep }, locale: wide });
    expect(lines).toHaveLength(3);
    expect(lines).toContain('kiosk.idleSeconds: expected a whole number from 5 to 3600 (got 2.5)');
    expect(lines).toContainEqual(expect.stringMatching(/^kiosk: unknown key "extra"; known here: /));
    expect(lines).toContainEqual(expect.stringMatching(/^locale: unknown keys "k0", "k1", .*"k9", and 19990 more; known here: default, available$/));
  });
});
