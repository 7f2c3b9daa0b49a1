import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export type PageResult = { status: number; location?: string; html: string };

/** One HTTPS exchange trusting the fake's CA, redirects not followed (the shell intercepts the redirect URI). */
export function fetchPage(url: string, caFile: string, form?: URLSearchParams): Promise<PageResult> {
  const ca = readFileSync(caFile, 'utf8');
  const body = form?.toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: form ? 'POST' : 'GET',
        ca,
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body ?? '')) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, html: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Does what a person does on the sign-in page: opens the authorize URL, fills in the form it shows, submits it.
 * Returns the page after submitting: a redirect (location) or the page again with its error.
 */
export async function signInWithForm(authorizeUrl: string, caFile: string, login: string, password: string): Promise<PageResult> {
  const page = await fetchPage(authorizeUrl, caFile);
  if (page.status !== 200) return page;
  const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
  if (!action) throw new Error('the sign-in page has no form');
  const form = new URLSearchParams();
  for (const m of page.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescapeHtml(m[2]!));
  form.set('login', login);
  form.set('passwd', password);
  return fetchPage(new URL(unescapeHtml(action), authorizeUrl).toString(), caFile, form);
}

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);
}
