import type { Session } from 'electron';
import type { Bridge } from '../../shared/contract';
import { outbox, testConfig } from '../support/browser-host-process';
import { step } from '../e2e/fixtures';
import { signIn } from '../e2e/flows';
import { expect, test } from './fixtures';

test.use({ appConfig: { ...testConfig, kiosk: { enabled: true, idleSeconds: 5, warningSeconds: 3 } } });

type Held = { __visitorSession?: Session };

test('an idle visitor’s window is replaced by one on a fresh partition, with no storage and a dead step token', async ({ guichet, window: visitorA }) => {
  await signIn(visitorA, 'nadia.benali', 'Bienvenue2025!');
  await step(visitorA, 'security-info');
  await visitorA.getByRole('button', { name: /Configurer maintenant/ }).first().click();
  await step(visitorA, 'enroll-phone');
  await visitorA.getByLabel("Téléphone d'authentification").fill('0612345678');
  const tokenOfA = await visitorA.evaluate(async () => {
    const answer = await (window as unknown as { guichet: Bridge }).guichet.invoke('view.get', {});
    return answer.ok ? answer.view.token : '';
  });
  expect(tokenOfA).not.toBe('');

  // What a page can leave behind: web storage, a database, a cookie in its partition.
  await visitorA.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        localStorage.setItem('left-behind', 'A');
        sessionStorage.setItem('left-behind', 'A');
        const open = indexedDB.open('left-behind', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('visitor');
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  const cookiesOfA = await guichet.electronApp.evaluate(async ({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    (globalThis as Held).__visitorSession = contents.session;
    await contents.session.cookies.set({ url: 'https://guichet.invalid/', name: 'left-behind', value: 'A' });
    return (await contents.session.cookies.get({})).map((c) => c.name);
  });
  expect(cookiesOfA).toEqual(['left-behind']);
  expect(await visitorA.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual(['left-behind']);

  // Nobody touches anything: the warning, then the wipe.
  await expect(visitorA.getByRole('alertdialog', { name: 'Êtes-vous toujours là ?' })).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => visitorA.isClosed(), { timeout: 15_000 }).toBe(true);
  const visitorB = await guichet.visitorWindow();
  await step(visitorB, 'home');

  const html = await visitorB.content();
  for (const trace of ['nadia', 'Benali', '0612345678', '612345678']) expect(html).not.toContain(trace);
  expect(
    await visitorB.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      cookie: document.cookie,
    })),
  ).toEqual({ local: 0, session: 0, databases: 0, cookie: '' });

  // The old partition is cleared right after its window goes, asynchronously.
  await expect
    .poll(() =>
      guichet.electronApp.evaluate(async ({ BrowserWindow }) => {
        const windows = BrowserWindow.getAllWindows();
        const old = (globalThis as Held).__visitorSession!;
        const current = windows[0]!.webContents;
        return {
          windows: windows.length,
          persistent: current.session.isPersistent(),
          sameSession: current.session === old,
          newCookies: (await current.session.cookies.get({})).length,
          oldCookies: (await old.cookies.get({})).length,
          oldCache: await old.getCacheSize(),
        };
      }),
    )
    .toEqual({ windows: 1, persistent: false, sameSession: false, newCookies: 0, oldCookies: 0, oldCache: 0 });

  // A's last step token, replayed from the new window over the same IPC, is refused and sends nothing.
  const replay = await visitorB.evaluate(
    (token) => (window as unknown as { guichet: Bridge }).guichet.invoke('phone.send', { token, country: 'MA', number: '0612345678', channel: 'sms' }),
    tokenOfA,
  );
  expect(replay).toMatchObject({ ok: false, error: { code: 'out-of-order' }, view: { step: { name: 'home' } } });
  expect(outbox(guichet.dataDir)).toEqual([]);
});
