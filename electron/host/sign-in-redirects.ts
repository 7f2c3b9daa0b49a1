import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExternalSignInHooks } from '../core/transport';

type Waiting = { redirectUri: string; deliver(redirectUrl: string): void };

// The popup closes itself once the redirect is handed over; Guichet's tab closes it too when it can.
const closeScript = 'window.close();';
const closeScriptHash = createHash('sha256').update(closeScript).digest('base64');

const pageHeaders = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; script-src 'sha256-${closeScriptHash}'`,
  'X-Content-Type-Options': 'nosniff',
  // The address carries the authorization code: nothing on this page may pass it on.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const page = (fr: string, en: string, script = '') =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Guichet</title></head><body><main><p>${fr}</p><p lang="en">${en}</p></main>${script}</body></html>`;

const signedIn = page(
  'Connexion terminée : revenez à Guichet. Cette fenêtre va se fermer.',
  'Signed in: go back to Guichet. This window will close.',
  `<script>${closeScript}</script>`,
);
const notWaited = page(
  "Cette connexion n'est plus attendue : revenez à Guichet et recommencez.",
  'This sign-in is no longer expected: go back to Guichet and start again.',
);

/**
 * The browser host's end of the sign-in on the directory's page. The page runs in a popup of the visitor's tab and
 * ends on the redirect URI at this host's own loopback port; the `state` of that redirect names the one
 * connection whose session started the sign-in, which alone receives the URL (the core then checks the state
 * again, and redeems the code with the verifier only it holds).
 */
export function createSignInRedirects() {
  const waiting = new Map<string, Waiting>();
  const paths = new Set<string>();

  return {
    /** The hooks of one visitor connection; `deliver` pushes the redirect URL to that visitor's page. */
    hooks(port: number, deliver: (redirectUrl: string) => void): ExternalSignInHooks {
      let current: string | null = null;
      return {
        showsPage: false,
        redirectPort: port,
        update(signIn) {
          if (current !== null) waiting.delete(current);
          current = signIn?.state ?? null;
          if (!signIn) return;
          waiting.set(signIn.state, { redirectUri: signIn.redirectUri, deliver });
          paths.add(new URL(signIn.redirectUri).pathname);
        },
      };
    },

    /** Answers the request when it is a sign-in redirect; false lets the host serve it as usual. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!paths.has(url.pathname)) return false;
      const state = url.searchParams.get('state') ?? '';
      const entry = waiting.get(state);
      if (req.method !== 'GET' || !entry || new URL(entry.redirectUri).pathname !== url.pathname) {
        res.writeHead(400, pageHeaders).end(notWaited);
        return true;
      }
      // One delivery per sign-in: reloading this page hands nothing over again.
      waiting.delete(state);
      const redirectUrl = new URL(entry.redirectUri);
      redirectUrl.search = url.search;
      entry.deliver(redirectUrl.toString());
      res.writeHead(200, pageHeaders).end(signedIn);
      return true;
    },
  };
}

export type SignInRedirects = ReturnType<typeof createSignInRedirects>;
