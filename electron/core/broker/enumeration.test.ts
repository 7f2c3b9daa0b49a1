import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../test/support/broker-harness';
import { checkVariantRelations, strangerNames } from '../../../test/support/enumeration-property';

const fleetKey = Buffer.from('a fleet key shared by every kiosk, 32+ chars', 'utf8');

describe('what a stranger can learn about who has an account', () => {
  it('relates every pair of spellings of a real account and of an unknown name the same way (embedded directory)', async () => {
    const h = await createHarness(
      { organization: { domain: 'univ-demo.ma', otherDomains: ['ancien.univ-demo.ma'] }, security: { throttles: { identifyPerDevice: { max: 100_000 } } } },
      { decoyKey: fleetKey },
    );
    const { pairs, same } = await checkVariantRelations({
      harness: h,
      backend: h.embedded,
      realName: 'salma.idrissi',
      domains: { own: 'univ-demo.ma', other: 'ancien.univ-demo.ma', netbios: 'UNIVDEMO' },
      unknownNames: strangerNames,
      numRuns: 300,
    });
    expect(pairs).toBe(300);
    // Both kinds of relation were exercised, not only "same screen".
    expect(same).toBeGreaterThan(30);
    expect(pairs - same).toBeGreaterThan(30);
  }, 120_000);
});
