import http from 'node:http';
import { staticFiles } from '../electron/host/static-files';

/**
 * Serves a built page on 127.0.0.1 with the headers the browser host sends (same CSP, no caching), so the blank
 * page and Guichet differ only in what they load.
 */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(staticFiles(root));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
