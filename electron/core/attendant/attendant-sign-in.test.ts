import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';
import { AttendantSignIn } from './attendant-sign-in';

const attendantPassword = 'Bienvenue2025!';

async function setup(attendants: { group?: string; maxFailures?: number } = { group: 'accueil' }) {
  const h = await createHarness({ kiosk: { attendants } });
  const signIn = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: h.deps.kioskId, clock: h.clock, audit: h.audit });
  return { h, signIn };
}

const auditLines = (h: Harness) =>
  fs
    .readFileSync(`${h.dir}/audit.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; account: string | null; detail: Record<string, unknown> });

describe('attendant sign-in with their own account (embedded directory)', () => {
  it('lets a member of kiosk.attendants.group in with their own password, audited under their account', async () => {
    const { h, signIn } = await setup();
    const result = await signIn.withPassword('admin.it', attendantPassword, 's1');
    expect(result).toEqual({ attendant: { kind: 'account', id: expect.any(String), username: 'admin.it', displayName: 'Admin IT' } });
    const ok = auditLines(h).find((l) => l.event === 'attendant.ok');
    expect(ok).toMatchObject({ detail: { purpose: 'sign-in' } });
    expect(ok?.account).toBe((result as { attendant: { id: string } }).attendant.id);
  });

  it('gives a non-member with the right password exactly the refusal of a wrong password', async () => {
    const { signIn } = await setup();
    const nonMember = await signIn.withPassword('nadia.benali', 'Bienvenue2025!');
    const wrongPassword = await signIn.withPassword('admin.it', 'not-the-password');
    const nobody = await signIn.withPassword('personne.inconnue', 'whatever-1');
    expect(nonMember).toEqual({ refuse: { code: 'invalid-input', reason: 'attendant-sign-in-wrong' } });
    expect(wrongPassword).toEqual(nonMember);
    expect(nobody).toEqual(nonMember);
  });

  it('stops asking the directory after maxFailures on this device, before the directory itself locks', async () => {
    // The embedded directory locks after 5 failures here: the desk must stop at 3.
    const h = await createHarness({ kiosk: { attendants: { group: 'accueil' } }, security: { throttles: { signInFailures: 5 } } });
    const signIn = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: h.deps.kioskId, clock: h.clock, audit: h.audit });
    const backendSignIn = vi.spyOn(h.embedded, 'signIn');
    for (let i = 0; i < 3; i++) expect(await signIn.withPassword('admin.it', `wrong-${i}`)).toMatchObject({ refuse: { reason: 'attendant-sign-in-wrong' } });
    for (let i = 0; i < 10; i++) {
      expect(await signIn.withPassword('admin.it', `wrong-more-${i}`)).toEqual({ refuse: { code: 'throttled', retryAt: h.clock.now() + 15 * 60_000 } });
    }
    expect(backendSignIn).toHaveBeenCalledTimes(3);
    // The attendant's own account is not locked in the directory: it still signs in elsewhere.
    expect(await h.embedded.signIn('admin.it', attendantPassword)).toMatchObject({ status: 'ok' });
    // Even the right password waits for the window on this device.
    expect(await signIn.withPassword('admin.it', attendantPassword)).toMatchObject({ refuse: { code: 'throttled' } });
    h.clock.advance(15 * 60_000);
    expect(await signIn.withPassword('admin.it', attendantPassword)).toMatchObject({ attendant: { username: 'admin.it' } });
    expect(auditLines(h).filter((l) => l.event === 'throttle.hit' && l.detail.scope === 'attendant-sign-in')).toHaveLength(11);
  });

  it('lets no more than maxFailures attempts reach the directory when they arrive at once', async () => {
    const { h, signIn } = await setup();
    const backendSignIn = vi.spyOn(h.embedded, 'signIn');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn.withPassword('admin.it', `parallel-${i}`)));
    expect(answers.filter((a) => 'refuse' in a && a.refuse.code === 'throttled')).toHaveLength(17);
    expect(backendSignIn).toHaveBeenCalledTimes(3);
  });

  it('counts failures per device: another kiosk of the fleet still asks', async () => {
    const { h, signIn } = await setup();
    for (let i = 0; i < 3; i++) await signIn.withPassword('admin.it', `wrong-${i}`);
    const other = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: 'kiosk-other', clock: h.clock, audit: h.audit });
    expect(await other.withPassword('admin.it', attendantPassword)).toMatchObject({ attendant: { username: 'admin.it' } });
  });

  it('forgets the failures on the right sign-in', async () => {
    const { signIn } = await setup();
    for (let i = 0; i < 2; i++) await signIn.withPassword('admin.it', `wrong-${i}`);
    expect(await signIn.withPassword('admin.it', attendantPassword)).toMatchObject({ attendant: {} });
    for (let i = 0; i < 3; i++) expect(await signIn.withPassword('admin.it', `wrong-${i}`)).toMatchObject({ refuse: { reason: 'attendant-sign-in-wrong' } });
  });

  it('never writes the typed name or password into the audit of a failure', async () => {
    const { h, signIn } = await setup();
    await signIn.withPassword('admin.it', 'Secret-typed-1');
    await signIn.withPassword('Bienvenue2025!', 'x');
    const text = fs.readFileSync(`${h.dir}/audit.jsonl`, 'utf8');
    expect(text).not.toContain('Secret-typed-1');
    expect(text).not.toContain('Bienvenue2025!');
    expect(text).not.toContain('admin.it');
  });

  it('is off without kiosk.attendants.group', async () => {
    const { signIn } = await setup({});
    expect(signIn.enabled).toBe(false);
    expect(await signIn.withPassword('admin.it', attendantPassword)).toEqual({ refuse: { code: 'out-of-order' } });
  });

  it('checks the group of an account signed in elsewhere (Entra) and counts its refusals', async () => {
    const { h, signIn } = await setup();
    const nadia = (await h.embedded.findUser('nadia.benali'))!;
    const attendant = (await h.embedded.findUser('admin.it'))!;
    expect(await signIn.withSignedInAccount(async () => nadia)).toMatchObject({ refuse: { reason: 'attendant-sign-in-wrong' } });
    expect(await signIn.withSignedInAccount(async () => null)).toMatchObject({ refuse: { reason: 'attendant-sign-in-wrong' } });
    expect(await signIn.withSignedInAccount(async () => attendant)).toMatchObject({ attendant: { username: 'admin.it' } });
  });
});
