import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/audit-verify';
import { createHarness, harnessAuditKey, ManualClock, type Harness } from '../../../test/support/broker-harness';

async function codeSent(h: Harness, identifier = 'youssef.alaoui', number = '0612345678') {
  const v = h.visitor();
  await v.act('home.recover');
  await v.act('recovery.identify', { identifier, captcha: '' });
  await v.act('recovery.choose', { option: 'sms' });
  const r = await v.act('recovery.confirm', { value: number });
  return { v, r };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('attacks on verification', () => {
  it('refuses the correct code once maxAttempts wrong guesses killed it', async () => {
    const h = await createHarness();
    const { v } = await codeSent(h);
    const code = h.lastCodeTo('+212612345678');
    for (let i = 0; i < 3; i++) expect(await v.act('code.verify', { code: wrong(code) })).toMatchObject({ error: { reason: 'code-wrong' } });
    expect(await v.act('code.verify', { code })).toMatchObject({ ok: false, error: { reason: 'code-dead' } });
    expect(v.view.step.name).toBe('recovery-verify');
  });

  it('lets 1,000 guesses across resends and new sessions reach at most maxAttempts × allowed sends, never the password step', async () => {
    // The per-device lookup ceiling would stop this attacker sooner; here the per-account limits are on trial.
    const h = await createHarness({ security: { throttles: { identifyPerDevice: { max: 10_000 } } } });
    let { v } = await codeSent(h);
    let evaluated = 0;
    for (let i = 0; i < 1000; i++) {
      const sent = v.view.step.name === 'recovery-verify' && v.view.step.sent;
      if (!sent) {
        // The session expired or the code was never sent: the attacker starts over.
        ({ v } = await codeSent(h));
        h.clock.advance(30_000);
        continue;
      }
      const r = await v.act('code.verify', { code: wrong(h.lastCodeTo('+212612345678')) });
      if (!r.ok && r.error.reason === 'code-wrong') evaluated++;
      if (!r.ok && r.error.reason === 'code-dead') {
        h.clock.advance(30_000);
        await v.act('code.resend');
      }
      expect(v.view.step.name).not.toBe('recovery-password');
    }
    expect(h.sms.messages).toHaveLength(5);
    expect(evaluated).toBe(5 * 3);
    // Hours later the account is still blocked (a 24-hour block, not the one-hour window), even for the right number.
    expect(h.clock.now() - Date.UTC(2026, 10, 26, 9)).toBeGreaterThan(2 * 3600_000);
    const again = await codeSent(h);
    expect(again.r).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect((again.r as { error: { retryAt: number } }).error.retryAt - h.clock.now()).toBeGreaterThan(3600_000);
  });

  it('delivers only what the throttles allow for 100 requests on one account, and on one destination shared by two accounts', async () => {
    const h = await createHarness();
    for (let i = 0; i < 100; i++) {
      await codeSent(h);
      // Past the resend cooldown each time: the per-account limit is what stops it.
      h.clock.advance(31_000);
    }
    expect(h.sms.messages.filter((m) => m.to === '+212612345678')).toHaveLength(5);

    const shared = await createHarness();
    const signIn = async (user: string, password: string) => {
      const v = shared.visitor();
      await v.act('home.sign-in');
      await v.act('signin.identifier', { identifier: user });
      await v.act('signin.password', { password });
      await v.act('security-info.configure', { method: 'phone' });
      return v;
    };
    const a = await signIn('nadia.benali', 'Bienvenue2025!');
    const b = await signIn('admin.it', 'Bienvenue2025!');
    for (let i = 0; i < 50; i++) {
      for (const v of [a, b]) {
        await v.act('phone.send', { country: 'MA', number: '0677777777', channel: i % 2 ? 'sms' : 'voice' });
      }
      shared.clock.advance(31_000);
    }
    const toVictim = [...shared.sms.messages, ...shared.voice.messages].filter((m) => m.to === '+212677777777');
    expect(toVictim).toHaveLength(5);
  });

  it('caps sends per kiosk per hour', async () => {
    const h = await createHarness({ security: { throttles: { perKioskPerHour: 3 } } });
    for (const [user, number] of [['youssef.alaoui', '0612345678'], ['salma.idrissi', '0701071074'], ['admin.it', '+212708091011'], ['karim.tazi', '0661987654']]) {
      await codeSent(h, user, number);
    }
    expect(h.sms.messages).toHaveLength(3);
  });

  it('keeps throttle counters across a restart', async () => {
    const clock = new ManualClock();
    const h = await createHarness({}, { clock });
    for (let i = 0; i < 6; i++) await codeSent(h);
    h.store.close();
    const again = await createHarness({}, { dir: h.dir, clock });
    const { r } = await codeSent(again);
    expect(r).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(again.sms.messages).toHaveLength(0);
  });

  it('throttles an unknown identifier exactly like a real one', async () => {
    // The decoy offers a phone, as youssef.alaoui's account does (the mix of decoy options is tested apart).
    const h = await createHarness({ recovery: { decoy: { optionMix: { phone: 100, email: 0, both: 0 } } } });
    const outcomes: Record<string, string[]> = {};
    for (const id of ['youssef.alaoui', 'nobody.known']) {
      outcomes[id] = [];
      for (let i = 0; i < 7; i++) {
        const { r } = await codeSent(h, id, '0699999999');
        outcomes[id]!.push(r.ok ? 'ok' : `${r.error.code}:${r.error.reason ?? ''}`);
      }
    }
    expect(outcomes['nobody.known']).toEqual(outcomes['youssef.alaoui']);
    expect(outcomes['youssef.alaoui']!.slice(-2)).toEqual(['throttled:', 'throttled:']);
  });

  it('records every step in a verifiable audit chain without codes, passwords or full numbers', async () => {
    const h = await createHarness();
    const { v } = await codeSent(h);
    const code = h.lastCodeTo('+212612345678');
    await v.act('code.verify', { code: wrong(code) });
    await v.act('code.verify', { code });
    await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2026' });
    const file = path.join(h.dir, 'audit.jsonl');
    const text = fs.readFileSync(file, 'utf8');
    const events = text.trim().split('\n').map((l) => JSON.parse(l).event);
    expect(events).toEqual(expect.arrayContaining(['code.sent', 'code.fail', 'code.ok', 'password.reset.ok', 'session.wiped']));
    for (const secret of [code, 'Nouveau#Pass2026', '612345678', 'Bienvenue2025!']) expect(text).not.toContain(secret);
    expect(text).toContain('*****78');
    expect(verifyAudit([file], harnessAuditKey)).toEqual({ ok: true, lines: events.length });
  });

  it('refuses requests out of order, replayed tokens and another session\'s token, leaving the flow as it was', async () => {
    const h = await createHarness();
    const a = h.visitor();
    const b = h.visitor();
    await a.act('home.recover');
    const before = JSON.stringify(a.session.flow);
    expect(await a.act('recovery.password', { password: 'X#y1234567', confirm: 'X#y1234567' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect(await a.act('code.verify', { code: '123456' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    const stale = a.view.token;
    await a.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: '' });
    const mid = JSON.stringify(a.session.flow);
    expect(await a.raw('recovery.identify', { token: stale, identifier: 'youssef.alaoui', captcha: '' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect(await a.raw('recovery.choose', { token: b.view.token, option: 'sms' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect(JSON.stringify(a.session.flow)).toBe(mid);
    expect(before).not.toBe(mid);
    expect(fs.readFileSync(path.join(h.dir, 'audit.jsonl'), 'utf8')).toContain('step.refused');
  });

  it('ends a flow after 15 minutes', async () => {
    const h = await createHarness();
    const { v } = await codeSent(h);
    h.clock.advance(15 * 60_000 + 1);
    expect(await v.act('code.verify', { code: h.lastCodeTo('+212612345678') })).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expect(v.view.step.name).toBe('home');
  });
});
