import { describe, expect, it } from 'vitest';
import { nearestName } from './nearest-name';

describe('nearestName', () => {
  it('finds the key a misspelling meant, case aside', () => {
    expect(nearestName('organisation', ['locale', 'organization', 'phone'])).toBe('organization');
    expect(nearestName('dfault', ['default', 'available'])).toBe('default');
    expect(nearestName('Enabled', ['enabled', 'id'])).toBe('enabled');
    expect(nearestName('twilo', ['outbox', 'none', 'twilio', 'http'])).toBe('twilio');
    expect(nearestName('hots', ['type', 'host', 'port'])).toBe('host');
  });

  it('suggests nothing when no known name is close', () => {
    expect(nearestName('colour', ['locale', 'organization'])).toBeUndefined();
    expect(nearestName('x', ['id'])).toBeUndefined();
    expect(nearestName('d', ['a', 'b'])).toBeUndefined();
  });
});
