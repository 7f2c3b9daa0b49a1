import { describe, expect, it } from 'vitest';
import { hashWork } from '../passwords/scrypt-hash';
import { createHarness, type Harness } from '../../../test/support/broker-harness';

async function toVerify(h: Harness, identifier: string) {
  const v = h.visitor();
  await v.act('home.recover');
  const r = await v.act('recovery.identify', { identifier, captcha: '' });
  expect(r.ok).toBe(true);
  return v;
}

/** What a visitor can see on the verify screen, minus the per-request token and clock. */
const visible = (view: { step: unknown; chip?: string }) => JSON.stringify({ step: view.step, chip: view.chip });

describe('recovery', () => {
  it('resets a password with the SMS code after the full number is typed, then signs in with it', async () => {
    const h = await createHarness();
    const v = await toVerify(h, 'salma.idrissi');
    expect(v.view.step).toMatchObject({ name: 'recovery-verify', gate: 1, gates: 1 });
    const step = v.view.step as { options: { id: string; hint: string }[] };
    expect(step.options.map((o) => o.id)).toEqual(['sms', 'voice', 'email']);
    expect(step.options[0]!.hint).toBe('*****74');
    expect(step.options[2]!.hint).toBe('s****@g****.com');

    await v.act('recovery.choose', { option: 'sms' });
    expect(await v.act('recovery.confirm', { value: '0701071075' })).toMatchObject({ ok: false, error: { reason: 'destination-mismatch' } });
    expect(h.sms.messages).toHaveLength(0);
    await v.act('recovery.confirm', { value: '07 01 07 10 74' });
    expect(h.sms.messages).toHaveLength(1);
    await v.act('code.verify', { code: h.lastCodeTo('+212701071074') });
    expect(v.view.step).toMatchObject({ name: 'recovery-password', context: { username: 'salma.idrissi', preset: 'entra' } });

    expect(await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2027' })).toMatchObject({ error: { reason: 'password-mismatch' } });
    expect(await v.act('recovery.password', { password: 'azerty123', confirm: 'azerty123' })).toMatchObject({ error: { code: 'policy-violation' } });
    expect(await v.act('recovery.password', { password: 'Salma.Idrissi#2026', confirm: 'Salma.Idrissi#2026' })).toMatchObject({ error: { code: 'policy-violation' } });
    // The directory's own refusal (history): the visitor tries another without verifying again.
    expect(await v.act('recovery.password', { password: 'Maroc#2025pass', confirm: 'Maroc#2025pass' })).toMatchObject({ error: { code: 'policy-violation', reasons: ['directory-history'] } });
    expect((await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2026' })).ok).toBe(true);
    expect(v.view.step.name).toBe('recovery-done');
    expect(h.email.messages.some((m) => m.to === 'salma.perso@gmail.com' && /réinitialisé/.test(m.text))).toBe(true);

    expect((await h.embedded.signIn('salma.idrissi', 'Nouveau#Pass2026')).status).toBe('ok');
    await v.act('home.sign-in');
    expect(v.view.step.name).toBe('signin-identifier');
  });

  it("shows the done screen in the visitor's language, in a session that holds nothing of them", async () => {
    const h = await createHarness();
    const v = h.visitor();
    await v.raw('locale.set', { locale: 'ar' });
    expect(v.view.locale).toBe('ar');
    await v.act('home.recover');
    await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: '' });
    await v.act('recovery.choose', { option: 'sms' });
    await v.act('recovery.confirm', { value: '0612345678' });
    await v.act('code.verify', { code: h.lastCodeTo('+212612345678') });
    const before = v.session.id;
    expect((await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2026' })).ok).toBe(true);
    expect(v.view).toMatchObject({ step: { name: 'recovery-done' }, locale: 'ar' });
    expect(v.view.chip).toBeUndefined();
    expect(v.session.id).not.toBe(before);
  });

  it('asks for two different methods when recovery.methodsRequired is 2', async () => {
    const h = await createHarness({ recovery: { methodsRequired: 2, captcha: false }, enrollment: { minimumMethods: 2 } });
    const v = await toVerify(h, 'salma.idrissi');
    await v.act('recovery.choose', { option: 'email' });
    await v.act('recovery.confirm', { value: 'SALMA.PERSO@gmail.com' });
    await v.act('code.verify', { code: h.lastCodeTo('salma.perso@gmail.com') });
    expect(v.view.step).toMatchObject({ name: 'recovery-verify', gate: 2, gates: 2 });
    expect((v.view.step as { options: { id: string }[] }).options.map((o) => o.id)).toEqual(['sms', 'voice']);
    expect(await v.act('recovery.choose', { option: 'email' })).toMatchObject({ ok: false });
    await v.act('recovery.choose', { option: 'voice' });
    await v.act('recovery.confirm', { value: '+212701071074' });
    await v.act('code.verify', { code: h.lastCodeTo('+212701071074') });
    expect(v.view.step.name).toBe('recovery-password');
  });

  it('shows an unknown account, and an account without methods, the same screens as a real one with the same methods', async () => {
    // Decoys here all offer a phone only, as nadia.benali does; the mix itself is tested in enumeration.test.ts.
    const h = await createHarness({ recovery: { decoy: { optionMix: { phone: 100, email: 0, both: 0 } } } });
    const seen = new Map<string, string>();
    for (const id of ['ghost.user', 'GHOST.user', 'ghost.user@univ-demo.ma', 'nadia.benali']) {
      const v = await toVerify(h, id);
      seen.set(id, visible({ step: v.view.step }));
      const options = (v.view.step as { options: { id: string }[] }).options;
      await v.act('recovery.choose', { option: options[0]!.id });
      const r = await v.act('recovery.confirm', { value: '0612345678' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'destination-mismatch' } });
    }
    expect(seen.get('GHOST.user')).toBe(seen.get('ghost.user'));
    expect(seen.get('ghost.user@univ-demo.ma')).toBe(seen.get('ghost.user'));
    const shape = (s: string) => JSON.parse(s).step.options.map((o: { id: string; hint: string }) => `${o.id}:${o.hint.replace(/[a-z0-9]/gi, 'x')}`);
    expect(shape(seen.get('ghost.user')!)[0]).toMatch(/^sms:\*+xx$/);
    expect(shape(seen.get('nadia.benali')!)[0]).toMatch(/^sms:\*+xx$/);
    expect(h.sms.messages).toHaveLength(0);
  });

  it('costs the same backend calls and hash work for a known, a locked and an unknown identifier', async () => {
    const h = await createHarness({ security: { throttles: { signInFailures: 3 } } });
    const signIn = async (id: string, password: string) => {
      const v = h.visitor();
      await v.act('home.sign-in');
      await v.act('signin.identifier', { identifier: id });
      return v.act('signin.password', { password });
    };
    const measure = async (id: string, password = 'Wrong#Password1') => {
      h.backend.calls.length = 0;
      const before = hashWork.count;
      const v = await toVerify(h, id);
      await v.act('recovery.choose', { option: 'sms' });
      await v.act('recovery.confirm', { value: '0699999999' });
      const answer = await signIn(id, password);
      return { calls: [...h.backend.calls], hashes: hashWork.count - before, answer: answer.ok ? 'ok' : answer.error };
    };
    const known = await measure('youssef.alaoui');
    // Three wrong passwords lock nadia.benali and the unknown name alike.
    for (const id of ['nadia.benali', 'locked.nobody']) for (let i = 0; i < 3; i++) await signIn(id, 'Wrong#Password1');
    expect((await h.embedded.findUser('nadia.benali'))?.locked).toBe(true);
    const locked = await measure('nadia.benali');
    const lockedRight = await measure('nadia.benali', 'Bienvenue2025!');
    const unknown = await measure('nobody.at.all');
    const unknownLocked = await measure('locked.nobody');
    // Each lookup asks for the bare name and the name at the own domain.
    expect(known.calls).toEqual(['findUser', 'findUser', 'getMethods', 'findUser', 'findUser', 'signIn']);
    expect(known.answer).toEqual({ code: 'invalid-input', reason: 'wrong-credentials' });
    for (const other of [locked, lockedRight, unknown, unknownLocked]) expect(other).toEqual(known);
    expect(known.hashes).toBe(1);
  });

  it('pads lookups to security.responseFloorMs through the injected sleeper', async () => {
    const h = await createHarness({ security: { responseFloorMs: 400 } });
    await toVerify(h, 'youssef.alaoui');
    await toVerify(h, 'nobody.at.all');
    expect(h.sleeps).toEqual([400, 400]);
  });

  it('offers the helpdesk from every verification screen, and the CAPTCHA works once', async () => {
    const h = await createHarness({ recovery: { captcha: true } });
    const v = h.visitor();
    await v.act('home.recover');
    expect(v.view.step).toMatchObject({ name: 'recovery-identify', captcha: { image: expect.stringMatching(/^data:image\/png;base64,/) } });
    const flow = v.session.flow as { state: { captcha: { challenge: { answer: string } } } };
    const answer = flow.state.captcha.challenge.answer;
    expect(await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: 'WRONG' })).toMatchObject({ ok: false, error: { reason: 'captcha-wrong' } });
    // The failed challenge died with its failure: its answer no longer works.
    expect(await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: answer })).toMatchObject({ ok: false, error: { reason: 'captcha-wrong' } });
    const fresh = (v.session.flow as typeof flow).state.captcha.challenge.answer;
    h.clock.advance(10 * 60_000);
    expect(await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: fresh })).toMatchObject({ ok: false, error: { reason: 'captcha-wrong' } });
    const current = (v.session.flow as typeof flow).state.captcha.challenge.answer;
    expect((await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: current.toLowerCase() })).ok).toBe(true);
    expect(v.view.step.name).toBe('recovery-verify');
    await v.act('flow.helpdesk');
    expect(v.view.step).toEqual({ name: 'helpdesk', context: 'no-method' });
  });

  it('refuses a privileged or policy-breaking password with a reason, never resetting it', async () => {
    const h = await createHarness({ security: { passwordPolicy: { bannedTerms: ['guichet'] } } });
    const v = await toVerify(h, 'youssef.alaoui');
    await v.act('recovery.choose', { option: 'sms' });
    await v.act('recovery.confirm', { value: '0612345678' });
    await v.act('code.verify', { code: h.lastCodeTo('+212612345678') });
    const r = await v.act('recovery.password', { password: 'MonGuichet#2026', confirm: 'MonGuichet#2026' });
    expect(r).toMatchObject({ ok: false, error: { code: 'policy-violation', reasons: ['banned'] } });
    expect((await h.embedded.signIn('youssef.alaoui', 'Bienvenue2025!')).status).toBe('ok');
  });
});
