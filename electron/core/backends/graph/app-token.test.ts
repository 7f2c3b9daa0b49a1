import type { ConfidentialClientApplication } from '@azure/msal-node';
import { ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createAppTokenSource } from './app-token';

/** Stands in for msal: counts requests, answers when told, caches like msal (last token unless skipCache). */
function fakeMsal() {
  const requests: Array<{ skipCache: boolean }> = [];
  const pending: Array<(token: string) => void> = [];
  let cached: string | undefined;
  const cca = {
    acquireTokenByClientCredential(req: { skipCache?: boolean }) {
      if (cached && !req.skipCache) return Promise.resolve({ accessToken: cached });
      requests.push({ skipCache: req.skipCache ?? false });
      return new Promise((resolve) => {
        pending.push((token) => {
          cached = token;
          resolve({ accessToken: token });
        });
      });
    },
  } as unknown as ConfidentialClientApplication;
  return { cca, requests, answer: (token: string) => pending.shift()?.(token) };
}

describe('createAppTokenSource', () => {
  it('shares one request among concurrent callers', async () => {
    const msal = fakeMsal();
    const source = createAppTokenSource(msal.cca, 'https://graph.microsoft.com/.default');
    const all = Promise.all([source(), source(), source()]);
    msal.answer('t1');
    expect(await all).toEqual(['t1', 't1', 't1']);
    expect(await source()).toBe('t1');
    expect(msal.requests).toEqual([{ skipCache: false }]);
  });

  it('replaces a refused token once, even when several calls saw it refused', async () => {
    const msal = fakeMsal();
    const source = createAppTokenSource(msal.cca, 'https://graph.microsoft.com/.default');
    const first = source();
    msal.answer('t1');
    await first;
    const refreshed = Promise.all([source('t1'), source('t1')]);
    msal.answer('t2');
    expect(await refreshed).toEqual(['t2', 't2']);
    // A late caller still holding the old token gets the new one without another request.
    expect(await source('t1')).toBe('t2');
    expect(msal.requests).toEqual([{ skipCache: false }, { skipCache: true }]);
  });

  it('reports a token endpoint refusal as a BackendError', async () => {
    const cca = {
      acquireTokenByClientCredential: () => Promise.reject(new ServerError('invalid_client', 'c', 'AADSTS7000215: Invalid client secret provided.', undefined, undefined, 401)),
    } as unknown as ConfidentialClientApplication;
    await expect(createAppTokenSource(cca, 'https://graph.microsoft.com/.default')()).rejects.toMatchObject({ name: 'BackendError', kind: 'permission', message: expect.stringContaining('AADSTS7000215') });
  });
});
