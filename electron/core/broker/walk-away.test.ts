import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';

async function signedIn(h: Harness) {
  const v = h.visitor();
  await v.act('home.sign-in');
  await v.act('signin.identifier', { identifier: 'nadia.benali' });
  await v.act('signin.password', { password: 'Bienvenue2025!' });
  return v;
}

describe('a signed-in page left behind', () => {
  it('asks for the password again before a method is added once the sign-in is older than enrollment.reauthMinutes', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    h.clock.advance(5 * 60_000 + 1);
    await v.act('security-info.configure', { method: 'phone' });
    expect(v.view.step).toEqual({ name: 'signin-password', identifier: 'nadia.benali', reauth: true });
    // The next person cannot send a code to their own phone from here.
    expect(await v.act('phone.send', { country: 'MA', number: '0677777777', channel: 'sms' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect(await v.act('signin.password', { password: 'wrong-password' })).toMatchObject({ ok: false, error: { reason: 'wrong-credentials' } });
    expect(v.view.step).toMatchObject({ name: 'signin-password', reauth: true });
    expect(h.sms.messages).toHaveLength(0);

    await v.act('signin.password', { password: 'Bienvenue2025!' });
    expect(v.view.step).toMatchObject({ name: 'enroll-phone' });
    // Signed in again just now: the next method needs no password for a while.
    await v.act('flow.back');
    await v.act('security-info.configure', { method: 'email' });
    expect(v.view.step).toMatchObject({ name: 'enroll-email' });
  });

  it('goes back to the security info from the password prompt, and asks nothing within the first minutes', async () => {
    const h = await createHarness();
    const v = await signedIn(h);
    h.clock.advance(4 * 60_000);
    await v.act('security-info.configure', { method: 'email' });
    expect(v.view.step).toMatchObject({ name: 'enroll-email' });
    await v.act('flow.back');
    h.clock.advance(60_001);
    await v.act('security-info.configure', { method: 'email' });
    expect(v.view.step).toMatchObject({ name: 'signin-password', reauth: true });
    await v.act('flow.back');
    expect(v.view.step).toMatchObject({ name: 'security-info' });
  });

  it('follows enrollment.reauthMinutes', async () => {
    const h = await createHarness({ enrollment: { reauthMinutes: 1 } });
    const v = await signedIn(h);
    h.clock.advance(60_001);
    await v.act('security-info.configure', { method: 'phone' });
    expect(v.view.step).toMatchObject({ name: 'signin-password', reauth: true });
  });
});
