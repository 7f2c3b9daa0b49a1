import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../core/csp';
import { createAppProtocolHandler, resolveInside } from './app-protocol';

let dir: string;
let root: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'guichet-app-protocol-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Guichet</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
  serve = createAppProtocolHandler(root);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Electron hands the handler a Request whose URL it has not necessarily normalized; so does this. */
const raw = (url: string, method = 'GET') => ({ url, method }) as Request;

describe('app:// protocol', () => {
  it('serves the renderer with the CSP and a content type', async () => {
    const res = await serve(new Request('app://guichet/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Guichet</title>');
  });

  it('serves index.html for the bare origin and scripts as JavaScript', async () => {
    expect(await (await serve(new Request('app://guichet/'))).text()).toContain('Guichet');
    const js = await serve(new Request('app://guichet/assets/app.js?v=1'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('answers 404 for a missing file and another host, still with the CSP', async () => {
    const missing = await serve(new Request('app://guichet/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it.each([
    'app://guichet/../secret.txt',
    'app://guichet/assets/../../secret.txt',
    'app://guichet/%2e%2e/secret.txt',
    'app://guichet/.%2E/secret.txt',
    'app://guichet/..%2fsecret.txt',
    'app://guichet/assets%2f..%2f..%2fsecret.txt',
    'app://guichet/..%5csecret.txt',
    'app://guichet/%00index.html',
  ])('refuses %s', async (url) => {
    const res = await serve(raw(url));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('outside the root');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serve(new Request('app://guichet/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await serve(raw('app://guichet/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root and refuses the rest', () => {
    expect(resolveInside('/srv/r', '/a/b.js')).toBe(path.resolve('/srv/r/a/b.js'));
    expect(resolveInside('/srv/r', '/')).toBe(path.resolve('/srv/r/index.html'));
    expect(resolveInside('/srv/r', '/a/../../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeNull();
  });
});
