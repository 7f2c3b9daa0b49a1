import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { contentSecurityPolicy } from '../core/csp';

export const appScheme = 'app';
const appHost = 'guichet';
export const appOrigin = `${appScheme}://${appHost}`;
export const homeUrl = `${appOrigin}/index.html`;

/**
 * `standard` gives the scheme an origin (so `'self'` in the CSP and web storage work), `secure` makes it a secure
 * context, and `corsEnabled` lets Chromium fetch the renderer's `<script type="module" crossorigin>` in CORS mode.
 * No CSP bypass, no service workers.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const answer = (status: number) => new Response(null, { status, headers: securityHeaders });

/**
 * Resolves a URL path inside `root`, or null when it would leave it (`..`, encoded separators, NUL bytes,
 * absolute or drive-letter paths after decoding).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  if (relative.split('/').some((segment) => segment === '..')) return null;
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, relative);
  const fromRoot = path.relative(resolvedRoot, file);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return file;
}

/**
 * Serves the built renderer from `root` on `app://guichet/`, every response carrying the CSP.
 * Reads through `fs`, which Electron lets into the packaged app's asar archive.
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400);
    }
    if (url.protocol !== `${appScheme}:` || url.host !== appHost) return answer(404);
    // The raw URL too: a `..` the URL parser already folded away still means someone tried to leave the root.
    const rawPath = request.url.slice(appOrigin.length).split(/[?#]/, 1)[0] ?? '';
    if (rawPath.split('/').some((segment) => segment.replace(/%2e/gi, '.') === '..')) return answer(403);
    const file = resolveInside(root, url.pathname);
    if (!file) return answer(403);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return answer(404);
    }
    const type = mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { ...securityHeaders, 'Content-Type': type, 'Content-Length': String(body.byteLength) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
