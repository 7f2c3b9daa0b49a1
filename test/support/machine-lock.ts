import net from 'node:net';

/**
 * Waits until no other process holds `name`, then holds it until the returned release is called. For servers that
 * bind fixed loopback ports, such as a Samba DC on 389/636: test runners in other processes (vitest and Playwright
 * workers, a second run on the same machine) take turns instead of failing on a taken port.
 *
 * The lock is a Linux abstract Unix socket: the kernel frees it when its process dies, so a crashed run leaves
 * nothing stale, and it lives in the network namespace, exactly where the ports it guards collide.
 */
export async function acquireMachineLock(name: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = net.createServer();
    const taken = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
      server.listen(`\0${name}`, () => resolve(true));
    });
    if (taken) {
      // Held, not waited on: the lock must not keep the test process alive.
      server.unref();
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (Date.now() > deadline) throw new Error(`another process on this machine still holds "${name}" after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
