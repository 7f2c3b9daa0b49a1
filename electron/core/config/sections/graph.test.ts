import { describe, expect, it } from 'vitest';
import { graphSection } from './graph';

const base = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: '66666666-7777-8888-9999-000000000000' };

describe('graphSection', () => {
  it("defaults to Microsoft's public cloud and the documented redirect URI", () => {
    expect(graphSection.parse({ ...base, clientSecret: 'secret:GRAPH' })).toEqual({
      ...base,
      clientSecret: 'secret:GRAPH',
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      redirectUri: 'http://localhost/guichet-signin',
    });
  });

  it('takes a certificate credential as thumbprint plus private key reference', () => {
    const sha256 = 'AB'.repeat(32);
    expect(graphSection.parse({ ...base, certificateThumbprint: sha256, privateKey: 'secret:GRAPH_KEY' }).certificateThumbprint).toBe(sha256);
    expect(graphSection.safeParse({ ...base, certificateThumbprint: 'ab'.repeat(20), privateKey: 'secret:GRAPH_KEY' }).success).toBe(true);
  });

  it('refuses no credential, two credentials, half a certificate, a bad thumbprint or a literal secret', () => {
    for (const bad of [
      base,
      { ...base, clientSecret: 'secret:A', certificateThumbprint: 'ab'.repeat(32), privateKey: 'secret:B' },
      { ...base, certificateThumbprint: 'ab'.repeat(32) },
      { ...base, privateKey: 'secret:B' },
      { ...base, certificateThumbprint: 'xyz', privateKey: 'secret:B' },
      { ...base, clientSecret: 'the-secret-itself' },
    ]) {
      expect(graphSection.safeParse(bad).success).toBe(false);
    }
  });
});
