import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { browserHostContentSecurityPolicy } from '../core/csp';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wav': 'audio/wav',
};

/**
 * Serves the files of a built page from `root` (nothing outside it), with the browser host's headers: its CSP, no
 * sniffing, no referrer, no caching.
 */
export function staticFiles(root: string): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const base = path.resolve(root);
  return (req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    const file = path.resolve(base, pathname === '/' ? 'index.html' : pathname.slice(1));
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': browserHostContentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
