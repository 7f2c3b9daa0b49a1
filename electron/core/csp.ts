/**
 * The one Content-Security-Policy of the app, served by the Electron shell's `app://` protocol and by the
 * browser host. No `unsafe-inline`, no `unsafe-eval`: the renderer build emits no inline script or style.
 */
const directives: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // The password strength estimate runs in a worker started from the app's own files.
  'worker-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  // The CAPTCHA's audio clip arrives as a data: URL; blob: lets the screen replay it without refetching.
  'media-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

const serialize = (policy: Record<string, string[]>) =>
  Object.entries(policy)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

export const contentSecurityPolicy = serialize(directives);

/** The browser host carries the bridge over a loopback WebSocket, which `'self'` does not cover in every browser. */
export const browserHostContentSecurityPolicy = serialize({
  ...directives,
  'connect-src': [...directives['connect-src']!, 'ws://127.0.0.1:*'],
});
