import { describe, expect, it } from 'vitest';
import { createGuichet } from '../state/store';
import { createFakeBridge } from '../../../test/support/renderer/fake-bridge';
import { renderView } from '../../../test/support/renderer/render';
import { sampleSteps, sampleView } from '../../../test/support/renderer/sample-views';
import { followSignInPage } from './signin-external';

const atSignInPage = async () => {
  const fake = createFakeBridge();
  const guichet = createGuichet({ bridge: fake.bridge });
  const start = guichet.start();
  fake.calls[0]!.resolve({ ok: true, view: sampleView('signin-external') });
  await start;
  return { fake, guichet };
};

describe('the end of the directory’s page', () => {
  it('passes the redirect back with the step token', async () => {
    const { fake, guichet } = await atSignInPage();
    const stop = followSignInPage(guichet);
    fake.emit('signin-external', { redirectUrl: 'http://localhost/guichet-signin?code=c&state=s' });
    expect(fake.calls[1]).toMatchObject({
      name: 'signin.external-complete',
      payload: { token: 'token-signin-external', redirectUrl: 'http://localhost/guichet-signin?code=c&state=s' },
    });
    stop();
    fake.emit('signin-external', { redirectUrl: 'http://localhost/guichet-signin?code=late' });
    expect(fake.calls).toHaveLength(2);
  });

  it('reports a page closed or timed out without an answer', async () => {
    const { fake, guichet } = await atSignInPage();
    followSignInPage(guichet);
    fake.emit('signin-external', { closed: 'timeout' });
    expect(fake.calls[1]).toMatchObject({ name: 'signin.external-cancel', payload: { token: 'token-signin-external', reason: 'timeout' } });
  });
});

describe('the sign-in screen', () => {
  it('offers to open Microsoft’s page, then waits for it', () => {
    const before = renderView(sampleView('signin-external', 'fr'));
    expect(before.text).toContain('Ouvrir la page de connexion Microsoft');
    expect(before.html).not.toContain(sampleSteps['signin-external'].url.replace(/&/g, '&amp;'));

    const waiting = renderView(sampleView('signin-external', 'fr', { step: { ...sampleSteps['signin-external'], waiting: true } }));
    expect(waiting.html).toMatch(/role="status"[^>]*>Terminez la connexion dans la fenêtre Microsoft/);
    expect(waiting.text).not.toContain('Ouvrir la page de connexion Microsoft');
    expect(waiting.text).toContain('Annuler');
  });

  it('shows why the page ended on the identifier step', () => {
    const { text } = renderView(sampleView('signin-identifier', 'en'), { error: { code: 'invalid-input', reason: 'sign-in-cancelled' } });
    expect(text).toContain('The sign-in window was closed before you finished.');
  });
});
