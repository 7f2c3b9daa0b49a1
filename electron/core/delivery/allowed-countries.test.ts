import { describe, expect, it } from 'vitest';
import { withAllowedCountries } from './allowed-countries';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';

function recorder(): DeliveryChannel & { sent: Message[] } {
  const sent: Message[] = [];
  return { name: 'recorder', sent, send: async (m) => void sent.push(m) };
}
const message = (to: string): Message => ({ channel: 'sms', to, text: 'code 482913', locale: 'fr' });

describe('withAllowedCountries', () => {
  it('passes numbers of allowed countries on, in E.164', async () => {
    const inner = recorder();
    const guarded = withAllowedCountries(inner, ['MA', 'fr']);
    await guarded.send(message('+212 6 12 34 56 78'));
    await guarded.send(message('+33 6 12 34 56 78'));
    expect(inner.sent.map((m) => m.to)).toEqual(['+212612345678', '+33612345678']);
  });

  it('refuses other countries before the provider is called, naming the country and not the number', async () => {
    const inner = recorder();
    const error = await withAllowedCountries(inner, ['MA']).send(message('+33612345678')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe('destination country FR is not allowed');
    expect(inner.sent).toHaveLength(0);
  });

  it('tells countries that share a calling code apart', async () => {
    const inner = recorder();
    const guarded = withAllowedCountries(inner, ['CA']);
    await guarded.send(message('+1 604 555 0123'));
    await expect(guarded.send(message('+1 212 555 0123'))).rejects.toThrow('destination country US is not allowed');
  });

  it('allows every country without a list, but still wants an international number', async () => {
    const inner = recorder();
    const open = withAllowedCountries(inner, undefined);
    await open.send(message('+81 90 1234 5678'));
    await expect(open.send(message('0612345678'))).rejects.toThrow('destination is not an international phone number');
    expect(inner.sent).toHaveLength(1);
  });
});
