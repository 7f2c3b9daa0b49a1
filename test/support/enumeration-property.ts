import fc from 'fast-check';
import { expect } from 'vitest';
import type { Account, IdentityBackend } from '../../electron/core/backends/identity-backend';
import type { Harness } from './broker-harness';

/** Registered methods a real account may have; each run of the property picks one mix. */
export const methodMixes = [{}, { phone: '+212612340001' }, { email: 'perso.alt@gmail.com' }, { phone: '+212612340002', email: 'perso.two@gmail.com' }] as const;

type Mix = (typeof methodMixes)[number];

/**
 * Ways one identifier can be typed. `own` and `other` are the organization's domains, `netbios` the
 * DOMAIN\name prefix a Windows user might type.
 */
export function variantsOf(name: string, domains: { own: string; other: string; netbios: string }): string[] {
  const fullWidth = Array.from(name, (c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');
  return [
    name,
    name.toUpperCase(),
    `  ${name}\t`,
    `${name}@${domains.own}`,
    `${name.toUpperCase()}@${domains.own.toUpperCase()}`,
    `${name}@${domains.other}`,
    `${name}@elsewhere.invalid`,
    `${domains.netbios}\\${name}`,
    // NFKC look-alikes: full-width letters, and the ﬁ ligature where the name has "fi".
    fullWidth,
    name.replace('fi', 'ﬁ'),
    // What a directory still matches to the bare name: the own domain twice, a space it trims, a NUL Samba ends a name at.
    `${name}@${domains.own}@${domains.own}`,
    `${name} @${domains.other}`,
    `${name}\u0000`,
  ];
}

export type EnumerationWorld = {
  harness: Harness;
  /** The backend the harness's broker asks (the embedded directory, slapd, Samba AD or the Graph fake). */
  backend: IdentityBackend;
  /** A real account, by a name that is its username and the local part of its mail at `domains.own`. */
  realName: string;
  domains: { own: string; other: string; netbios: string };
  /** Names known not to exist in this directory are drawn from here. */
  unknownNames: fc.Arbitrary<string>;
  numRuns: number;
};

/** What the recovery screen after "identify" shows: the step and its options, not the chip echoing the input. */
export async function screenOf(h: Harness, identifier: string): Promise<string> {
  const v = h.visitor();
  await v.act('home.recover');
  const r = await v.act('recovery.identify', { identifier, captcha: '' });
  const screen = JSON.stringify(r.ok ? v.view.step : { error: r.error });
  await v.act('flow.cancel');
  return screen;
}

async function setMethods(backend: IdentityBackend, account: Account, mix: Mix): Promise<void> {
  await backend.setPhone(account, 'phone' in mix ? mix.phone : null);
  await backend.setEmail(account, 'email' in mix ? mix.email : null);
}

/**
 * The enumeration property: for a real account with any mix of methods and any unknown name, every pair of
 * spellings relates the same way (same screen or different screen) for both, and no spelling of either
 * ever reaches an error screen. Returns how many pairs were compared, and how many relations were "same".
 */
export async function checkVariantRelations(world: EnumerationWorld): Promise<{ pairs: number; same: number }> {
  const { harness: h, backend, realName, domains } = world;
  const real = await backend.findUser(realName);
  if (!real) throw new Error(`${realName} should exist in this directory`);
  const count = variantsOf('x', domains).length;
  let pairs = 0;
  let same = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...methodMixes), world.unknownNames, fc.nat(count - 1), fc.nat(count - 1), async (mix, unknown, i, j) => {
      await setMethods(backend, real, mix);
      const realVariants = variantsOf(realName, domains);
      const unknownVariants = variantsOf(unknown, domains);
      const [ri, rj, ui, uj] = await Promise.all([
        screenOf(h, realVariants[i]!),
        screenOf(h, realVariants[j]!),
        screenOf(h, unknownVariants[i]!),
        screenOf(h, unknownVariants[j]!),
      ]);
      for (const s of [ri, rj, ui, uj]) expect(JSON.parse(s)).toMatchObject({ name: 'recovery-verify' });
      const relation = { real: ri === rj, unknown: ui === uj };
      expect(relation, `${JSON.stringify(realVariants[i])} / ${JSON.stringify(realVariants[j])} vs ${JSON.stringify(unknownVariants[i])} / ${JSON.stringify(unknownVariants[j])}`).toEqual({
        real: relation.unknown,
        unknown: relation.unknown,
      });
      pairs++;
      if (relation.real) same++;
    }),
    { numRuns: world.numRuns, seed: 20261202 },
  );
  await setMethods(backend, real, {});
  return { pairs, same };
}

/** Lower-case names that no test directory holds (a prefix none of their accounts use), some with "fi". */
export const strangerNames = fc
  .tuple(fc.constantFrom('zq', 'fi.zq', 'zq.fi'), fc.stringMatching(/^[a-z0-9]{1,8}$/))
  .map(([prefix, rest]) => `${prefix}${rest}`);
