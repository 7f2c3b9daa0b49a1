import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';
import type { Attendant } from './attendant-sign-in';
import { DeskLimits } from './desk-limits';
import { DeskRecovery } from './desk-recovery';

const leila: Attendant = { kind: 'account', id: '5', username: 'admin.it', displayName: 'Admin IT' };
const cnie = 'Carte nationale (CNIE)';

async function setup(overrides: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(overrides);
  const desk = new DeskRecovery(h.deps, new DeskLimits(h.shared, h.config.recovery.attendant.limits, h.clock));
  const session = h.broker.open();
  const nadia = (await h.embedded.findUser('nadia.benali'))!;
  return { h, desk, session, nadia };
}

const deskLines = (h: Harness) =>
  fs
    .readFileSync(`${h.dir}/audit.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; account: string | null; outcome: string; detail: Record<string, unknown> })
    .filter((l) => l.event === 'attendant.recovery');

describe('recovery verified at the desk', () => {
  it('lets the visitor choose a password after the attendant confirms a document, audited with attendant and document', async () => {
    const { h, desk, session, nadia } = await setup();
    const confirmed = await desk.confirm(session, leila, nadia, cnie);
    expect(confirmed).toEqual({ next: { verified: { account: nadia, attendant: leila, document: cnie }, then: 'password' } });
    if (!('next' in confirmed)) throw new Error('refused');
    expect(await desk.setPassword(session, confirmed.next.verified, 'Nouveau#Passe2026', 'Nouveau#Passe2026')).toEqual({ next: 'security-info' });
    expect(await h.embedded.signIn('nadia.benali', 'Nouveau#Passe2026')).toMatchObject({ status: 'ok' });
    expect(deskLines(h)).toEqual([expect.objectContaining({ account: nadia.id, outcome: 'ok', detail: { attendant: 'admin.it', document: cnie, method: 'password' } })]);
    // The notice goes to the account's address of record.
    expect(h.email.messages.map((m) => m.to)).toEqual(['nadia.benali@univ-demo.ma']);
    const text = fs.readFileSync(`${h.dir}/audit.jsonl`, 'utf8');
    expect(text).not.toContain('Nouveau#Passe2026');
  });

  it('names a shared PIN as such', async () => {
    const { h, desk, session, nadia } = await setup();
    const confirmed = await desk.confirm(session, { kind: 'pin' }, nadia, 'Passeport');
    if (!('next' in confirmed)) throw new Error('refused');
    await desk.setPassword(session, confirmed.next.verified, 'Nouveau#Passe2026', 'Nouveau#Passe2026');
    expect(deskLines(h)[0]?.detail).toMatchObject({ attendant: 'shared-pin', document: 'Passeport' });
  });

  it('holds the same password rules, and refuses a document outside the configured list', async () => {
    const { desk, session, nadia } = await setup();
    expect(await desk.confirm(session, leila, nadia, 'Carte de bibliothèque')).toEqual({ refuse: { code: 'invalid-input', reason: 'malformed' } });
    const confirmed = await desk.confirm(session, leila, nadia, cnie);
    if (!('next' in confirmed)) throw new Error('refused');
    expect(await desk.setPassword(session, confirmed.next.verified, 'court', 'court')).toMatchObject({ refuse: { code: 'policy-violation' } });
    expect(await desk.setPassword(session, confirmed.next.verified, 'Nouveau#Passe2026', 'Autre#Passe2026')).toEqual({ refuse: { code: 'invalid-input', reason: 'password-mismatch' } });
  });

  it('refuses a privileged account, audited, sending it to a higher desk', async () => {
    const { h, desk, session, nadia } = await setup();
    const refused = await desk.confirm(session, leila, { ...nadia, privileged: true }, cnie);
    expect(refused).toEqual({ refuse: { code: 'policy-violation', reason: 'privileged-account' } });
    expect(deskLines(h)).toEqual([expect.objectContaining({ outcome: 'refused', detail: expect.objectContaining({ why: 'privileged', attendant: 'admin.it' }) })]);
  });

  it('holds the per-account limit: a second assisted recovery of one account the same day is refused', async () => {
    const { h, desk, session, nadia } = await setup();
    expect(await desk.confirm(session, leila, nadia, cnie)).toMatchObject({ next: {} });
    expect(await desk.confirm(session, { kind: 'pin' }, nadia, cnie)).toEqual({ refuse: { code: 'throttled', retryAt: h.clock.now() + 24 * 3600_000 } });
    expect(deskLines(h).at(-1)).toMatchObject({ outcome: 'refused', detail: { why: 'limit', scope: 'account' } });
  });

  it('issues a Temporary Access Pass on Entra once, and never writes it to the audit or the log', async () => {
    const { h, desk, session, nadia } = await setup({ recovery: { attendant: { entra: 'temporary-access-pass', temporaryAccessPassMinutes: 45 } } });
    const issue = vi.fn(async () => ({ pass: 'TAP-Secret-9x7Q', expiresAt: h.clock.now() + 45 * 60_000 }));
    Object.assign(h.embedded, { issueTemporaryAccessPass: issue });
    const confirmed = await desk.confirm(session, leila, nadia, cnie);
    expect(confirmed).toMatchObject({ next: { then: 'temporary-access-pass', pass: 'TAP-Secret-9x7Q' } });
    expect(issue).toHaveBeenCalledTimes(1);
    expect(issue).toHaveBeenCalledWith(nadia, 45);
    expect(await desk.confirm(session, leila, nadia, cnie)).toMatchObject({ refuse: { code: 'throttled' } });
    expect(issue).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(`${h.dir}/audit.jsonl`, 'utf8')).not.toContain('TAP-Secret-9x7Q');
    expect(h.logs.join('\n')).not.toContain('TAP-Secret-9x7Q');
    expect(deskLines(h)[0]).toMatchObject({ outcome: 'ok', detail: { method: 'temporary-access-pass', document: cnie } });
  });
});
