import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';

async function enrollingEmail(h: Harness, user = 'nadia.benali') {
  const v = h.visitor();
  await v.act('home.sign-in');
  await v.act('signin.identifier', { identifier: user });
  await v.act('signin.password', { password: 'Bienvenue2025!' });
  await v.act('security-info.configure', { method: 'email' });
  return v;
}

describe('email destinations', () => {
  it('refuses lists, display names and comments that a mail server would deliver to another mailbox', async () => {
    const h = await createHarness();
    const v = await enrollingEmail(h);
    for (const address of ['victim@x.test,a1@x.test', 'victim@x.test;a2', 'a3<victim@x.test>', 'A3 <victim@x.test>', 'victim@x.test (a4)', '"a5"@x.test', 'vic tim@x.test', 'victim@@x.test', 'victim@x..test', '.victim@x.test']) {
      expect(await v.act('email.send', { address }), address).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'email-invalid' } });
    }
    expect(h.email.messages).toHaveLength(0);
  });

  it('counts every spelling of one mailbox as one destination', async () => {
    const h = await createHarness({ security: { code: { resendSeconds: 0 } } });
    const spellings = ['Victim@X.test', ' victim@x.test', 'VICTIM@x.TEST ', 'victim@x.test', 'vIctim@x.test', 'victim@X.Test'];
    for (const [i, address] of spellings.entries()) {
      const v = await enrollingEmail(h, i % 2 ? 'nadia.benali' : 'admin.it');
      await v.act('email.send', { address });
      h.clock.advance(1000);
    }
    expect(h.email.messages.filter((m) => m.to === 'victim@x.test')).toHaveLength(5);
    expect(h.email.messages.every((m) => m.to === 'victim@x.test')).toBe(true);
  });
});

describe('resend cooldown', () => {
  it('holds across "précédent" and "configurer maintenant" and across sessions of one account', async () => {
    const h = await createHarness();
    const v = await enrollingEmail(h);
    const first = await v.act('email.send', { address: 'nadia.perso@gmail.com' });
    expect(first.ok).toBe(true);
    const firstAt = h.clock.now();
    for (let i = 0; i < 4; i++) {
      await v.act('flow.back');
      await v.act('security-info.configure', { method: 'email' });
      h.clock.advance(1000);
      expect(await v.act('email.send', { address: 'nadia.perso@gmail.com' })).toMatchObject({ ok: false, error: { code: 'throttled', retryAt: firstAt + 30_000 } });
    }
    const other = await enrollingEmail(h);
    expect(await other.act('email.send', { address: 'nadia.perso@gmail.com' })).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(h.email.messages.filter((m) => m.to === 'nadia.perso@gmail.com')).toHaveLength(1);
    h.clock.advance(30_000);
    expect((await other.act('email.send', { address: 'nadia.perso@gmail.com' })).ok).toBe(true);
  });

  it('holds for phone sends too', async () => {
    const h = await createHarness();
    const v = h.visitor();
    await v.act('home.sign-in');
    await v.act('signin.identifier', { identifier: 'nadia.benali' });
    await v.act('signin.password', { password: 'Bienvenue2025!' });
    for (let i = 0; i < 5; i++) {
      await v.act('security-info.configure', { method: 'phone' });
      await v.act('phone.send', { country: 'MA', number: '0701071074', channel: i % 2 ? 'voice' : 'sms' });
      await v.act('flow.back');
      h.clock.advance(1000);
    }
    expect([...h.sms.messages, ...h.voice.messages].filter((m) => m.to === '+212701071074')).toHaveLength(1);
  });
});
