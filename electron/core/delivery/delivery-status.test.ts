import { describe, expect, it } from 'vitest';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';
import { DeliveryStatus, withStatus } from './delivery-status';

const sms: Message = { channel: 'sms', to: '+212612345678', text: 'Université Démo : votre code est 482913.', locale: 'fr' };

function clock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('withStatus / DeliveryStatus', () => {
  it('lists a configured channel before its first send', () => {
    const status = new DeliveryStatus(clock(0));
    withStatus('voice', { name: 'twilio-voice', send: async () => {} }, status);
    expect(status.snapshot()).toEqual({ voice: { provider: 'twilio-voice' } });
  });

  it('records the last success and the last error per channel, without message text', async () => {
    const c = clock(1_000);
    const status = new DeliveryStatus(c);
    let fail = false;
    const channel = withStatus('sms', { name: 'http-gateway', send: async () => {
      if (fail) throw new DeliveryError('sms', 'http-gateway: HTTP 503');
    } }, status);

    await channel.send(sms);
    c.advance(500);
    fail = true;
    await expect(channel.send(sms)).rejects.toThrow('http-gateway: HTTP 503');
    c.advance(500);
    fail = false;
    await channel.send(sms);

    expect(status.snapshot()).toEqual({
      sms: { provider: 'http-gateway', lastSuccessAt: 2_000, lastError: { at: 1_500, detail: 'http-gateway: HTTP 503' } },
    });
    expect(JSON.stringify(status.snapshot())).not.toContain('482913');
  });

  it('turns an unexpected error into a DeliveryError naming only its kind', async () => {
    const status = new DeliveryStatus(clock(0));
    const broken: DeliveryChannel = {
      name: 'outbox',
      send: async (m) => {
        throw Object.assign(new Error(`cannot write ${m.text}`), { code: 'EACCES' });
      },
    };
    const error = await withStatus('sms', broken, status).send(sms).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe('outbox: EACCES');
    expect((error as DeliveryError).channel).toBe('sms');
    expect(status.snapshot().sms?.lastError?.detail).toBe('outbox: EACCES');
  });

  it('returns a copy the caller cannot use to change the record', async () => {
    const status = new DeliveryStatus(clock(7));
    await withStatus('email', { name: 'smtp', send: async () => {} }, status).send({ ...sms, channel: 'email' });
    const snap = status.snapshot();
    snap.email!.lastSuccessAt = 0;
    expect(status.snapshot().email?.lastSuccessAt).toBe(7);
  });
});
