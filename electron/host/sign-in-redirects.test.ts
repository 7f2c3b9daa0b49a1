import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignInRedirects, type SignInRedirects } from './sign-in-redirects';

let redirects: SignInRedirects;
let server: http.Server;
let base: string;

beforeEach(async () => {
  redirects = createSignInRedirects();
  server = http.createServer((req, res) => {
    if (!redirects.handle(req, res)) res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const signIn = (state: string, port = 5174) => ({
  url: `https://login.example/t/oauth2/v2.0/authorize?state=${state}`,
  redirectUri: `http://localhost:${port}/guichet-signin`,
  authorityOrigin: 'https://login.example',
  state,
  expiresAt: 0,
  opened: true,
});

describe('sign-in redirects on the browser host', () => {
  it('tells the core the page opens in a popup and comes back to this port', () => {
    expect(redirects.hooks(5174, () => undefined)).toMatchObject({ showsPage: false, redirectPort: 5174 });
  });

  it('hands the redirect to the connection whose state it carries, once, and only to it', async () => {
    const alice: string[] = [];
    const bob: string[] = [];
    redirects.hooks(5174, (url) => alice.push(url)).update(signIn('alice-state'));
    redirects.hooks(5174, (url) => bob.push(url)).update(signIn('bob-state'));

    const answer = await fetch(`${base}/guichet-signin?code=c1&state=alice-state&session_state=x`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    // Nothing runs there but the one line that closes the popup.
    expect(answer.headers.get('content-security-policy')).toBe(`default-src 'none'; script-src 'sha256-${createHash('sha256').update('window.close();').digest('base64')}'`);
    const html = await answer.text();
    expect(html).toContain('Connexion terminée');
    expect(html).toContain('<script>window.close();</script>');
    expect(alice).toEqual(['http://localhost:5174/guichet-signin?code=c1&state=alice-state&session_state=x']);
    expect(bob).toEqual([]);

    const again = await fetch(`${base}/guichet-signin?code=c1&state=alice-state`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("n'est plus attendue");
    expect(alice).toHaveLength(1);
  });

  it('refuses an unknown state, a sign-in that is over, and anything but GET', async () => {
    const got: string[] = [];
    const hooks = redirects.hooks(5174, (url) => got.push(url));
    hooks.update(signIn('s1'));
    expect((await fetch(`${base}/guichet-signin?code=c&state=guessed`)).status).toBe(400);
    expect((await fetch(`${base}/guichet-signin?code=c&state=s1`, { method: 'POST' })).status).toBe(400);
    hooks.update(null);
    expect((await fetch(`${base}/guichet-signin?code=c&state=s1`)).status).toBe(400);
    // A new sign-in replaces the old one of the same connection.
    hooks.update(signIn('s2'));
    hooks.update(signIn('s3'));
    expect((await fetch(`${base}/guichet-signin?code=c&state=s2`)).status).toBe(400);
    expect((await fetch(`${base}/guichet-signin?code=c&state=s3`)).status).toBe(200);
    expect(got).toEqual(['http://localhost:5174/guichet-signin?code=c&state=s3']);
  });

  it('leaves every other address to the host', async () => {
    redirects.hooks(5174, () => undefined).update(signIn('s1'));
    expect((await fetch(`${base}/index.html?state=s1`)).status).toBe(404);
  });
});
