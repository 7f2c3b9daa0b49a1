import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../test/support/broker-harness';

async function signedIn(h: Awaited<ReturnType<typeof createHarness>>, user = 'nadia.benali', password = 'Bienvenue2025!') {
  const v = h.visitor();
  await v.act('home.sign-in');
  await v.act('signin.identifier', { identifier: user });
  const r = await v.act('signin.password', { password });
  expect(r.ok).toBe(true);
  return v;
}

describe('enrollment', () => {
  it('signs in, registers a phone by SMS and an email, and the directory holds both only after their codes', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    expect(v.view.step).toMatchObject({ name: 'security-info', minimum: 1, canFinish: false, thanks: false });

    await v.act('security-info.configure', { method: 'phone' });
    expect(v.view.step).toMatchObject({ name: 'enroll-phone', country: 'MA', channels: ['sms', 'voice'] });
    const sent = await v.act('phone.send', { country: 'MA', number: '0701071074', channel: 'sms' });
    expect(sent.ok).toBe(true);
    expect(v.view.step).toMatchObject({ name: 'enroll-phone', sent: { channel: 'sms' } });
    expect(JSON.stringify(v.view)).not.toContain(h.lastCodeTo('+212701071074'));
    const account = (await h.embedded.findUser('nadia.benali'))!;
    expect(await h.embedded.getMethods(account)).toEqual({});

    expect((await v.act('code.verify', { code: h.lastCodeTo('+212701071074') })).ok).toBe(true);
    expect(v.view.step).toMatchObject({ name: 'security-info', thanks: true, canFinish: true });
    expect(v.view.step.name === 'security-info' && v.view.step.methods[0]).toEqual({ kind: 'phone', configured: true, display: '+212 701071074' });

    await v.act('security-info.configure', { method: 'email' });
    await v.act('email.send', { address: 'Nadia.Perso@Gmail.com' });
    await v.act('code.verify', { code: h.lastCodeTo('nadia.perso@gmail.com') });
    expect(await h.embedded.getMethods(account)).toEqual({ phone: '+212701071074', email: 'nadia.perso@gmail.com' });
    expect(h.email.messages.some((m) => m.to === 'nadia.benali@univ-demo.ma' && /ajoutée/.test(m.text))).toBe(true);

    const done = await v.act('security-info.finish');
    expect(done.ok).toBe(true);
    expect(v.view.step.name).toBe('home');
  });

  it('says the same thing for an unknown account and a wrong password, and changes nothing', async () => {
    const h = await createHarness();
    const answers = [];
    for (const user of ['nadia.benali', 'nobody.here']) {
      const v = h.visitor();
      await v.act('home.sign-in');
      await v.act('signin.identifier', { identifier: user });
      const r = await v.act('signin.password', { password: 'wrong-Password1' });
      answers.push({ ok: r.ok, error: !r.ok && r.error, step: { ...v.view.step, identifier: '' } });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.error).toEqual({ code: 'invalid-input', reason: 'wrong-credentials' });
  });

  it('tells a disabled account apart only to someone who knows its password', async () => {
    const h = await createHarness();
    const v = h.visitor();
    await v.act('home.sign-in');
    await v.act('signin.identifier', { identifier: 'karim.tazi' });
    expect((await v.act('signin.password', { password: 'nope-Nope-1' })).ok).toBe(false);
    expect(v.view.step.name).toBe('signin-password');
    await v.act('signin.password', { password: 'Bienvenue2025!' });
    expect(v.view.step.name).toBe('account-locked');
  });

  it('refuses a wrong code, an expired code, a fixed line, and the primary address as authentication email', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    await v.act('security-info.configure', { method: 'phone' });
    expect(await v.act('phone.send', { country: 'MA', number: '0522123456', channel: 'sms' })).toMatchObject({ ok: false, error: { reason: 'phone-not-mobile' } });
    expect(await v.act('phone.send', { country: 'MA', number: '12', channel: 'sms' })).toMatchObject({ ok: false, error: { reason: 'phone-invalid' } });
    await v.act('phone.send', { country: 'MA', number: '+212 701-071-074', channel: 'voice' });
    expect(h.voice.messages).toHaveLength(1);
    const code = h.lastCodeTo('+212701071074');
    expect(await v.act('code.verify', { code: code === '000000' ? '000001' : '000000' })).toMatchObject({ ok: false, error: { reason: 'code-wrong' } });
    h.clock.advance(h.config.security.code.ttlSeconds * 1000 + 1);
    expect(await v.act('code.verify', { code })).toMatchObject({ ok: false, error: { reason: 'code-expired' } });
    expect(v.view.step.name).toBe('enroll-phone');

    await v.act('flow.back');
    await v.act('security-info.configure', { method: 'email' });
    // Over five minutes since the sign-in: the password first.
    expect(v.view.step).toMatchObject({ name: 'signin-password', reauth: true });
    await v.act('signin.password', { password: 'Bienvenue2025!' });
    expect(await v.act('email.send', { address: 'nadia.benali@univ-demo.ma' })).toMatchObject({ ok: false, error: { reason: 'email-same-as-primary' } });
    expect(await v.act('email.send', { address: 'not-an-address' })).toMatchObject({ ok: false, error: { reason: 'email-invalid' } });
  });

  it('waits for the resend cooldown, then sends a new code that replaces the old one', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    await v.act('security-info.configure', { method: 'phone' });
    await v.act('phone.send', { country: 'MA', number: '701071074', channel: 'sms' });
    const first = h.lastCodeTo('+212701071074');
    const early = await v.act('code.resend');
    expect(early).toMatchObject({ ok: false, error: { code: 'throttled' } });
    h.clock.advance(30_000);
    expect((await v.act('code.resend')).ok).toBe(true);
    const second = h.lastCodeTo('+212701071074');
    if (first !== second) expect(await v.act('code.verify', { code: first })).toMatchObject({ ok: false });
    expect((await v.act('code.verify', { code: second })).ok).toBe(true);
  });

  it('changes an existing phone, and refuses removing the last method below the minimum', async () => {
    const h = await createHarness();
    const v = await signedIn(h, 'youssef.alaoui');
    await v.act('security-info.configure', { method: 'phone' });
    expect(v.view.step).toMatchObject({ name: 'enroll-phone', replacing: true, canRemove: false });
    expect(await v.act('method.remove')).toMatchObject({ ok: false, error: { reason: 'below-minimum' } });
    await v.act('phone.send', { country: 'MA', number: '0700000001', channel: 'sms' });
    await v.act('code.verify', { code: h.lastCodeTo('+212700000001') });
    const account = (await h.embedded.findUser('youssef.alaoui'))!;
    expect((await h.embedded.getMethods(account)).phone).toBe('+212700000001');
    expect(h.email.messages.some((m) => /modifiée/.test(m.text))).toBe(true);
  });

  it('keeps "terminer" closed until the minimum is met, and "annuler" signs out', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    expect(await v.act('security-info.finish')).toMatchObject({ ok: false, error: { reason: 'below-minimum' } });
    await v.act('flow.cancel');
    expect(v.view.step.name).toBe('home');
    expect(h.broker.liveSessions()).toBe(0);
  });

  it('does not leave the directory half-written when the gateway is down, and spends no quota', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    await v.act('security-info.configure', { method: 'phone' });
    h.sms.failing = true;
    for (let i = 0; i < 8; i++) {
      expect(await v.act('phone.send', { country: 'MA', number: '0701071074', channel: 'sms' })).toMatchObject({ ok: false, error: { code: 'delivery-unavailable' } });
    }
    h.sms.failing = false;
    expect((await v.act('phone.send', { country: 'MA', number: '0701071074', channel: 'sms' })).ok).toBe(true);
  });
});
