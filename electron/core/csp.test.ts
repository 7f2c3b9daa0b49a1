import { describe, expect, it } from 'vitest';
import { browserHostContentSecurityPolicy, contentSecurityPolicy } from './csp';

describe('content security policy', () => {
  it('is the strict policy of the app', () => {
    expect(contentSecurityPolicy).toBe(
      "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows inline code or eval, in either host', () => {
    for (const policy of [contentSecurityPolicy, browserHostContentSecurityPolicy]) {
      expect(policy).not.toMatch(/unsafe-|\*(?!\s*;|$)|https?:/);
    }
  });

  it('lets the browser host reach its loopback WebSocket and nothing else more', () => {
    expect(browserHostContentSecurityPolicy).toBe(contentSecurityPolicy.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*"));
  });
});
