import { describe, expect, it } from 'vitest';
import { renderView } from '../../test/support/renderer/render';
import { sampleView } from '../../test/support/renderer/sample-views';

describe('the page around the steps', () => {
  it('says it is loading until the first view arrives', () => {
    const { html, text, missing } = renderView(undefined);
    expect(missing).toEqual([]);
    expect(html).toContain('data-state="loading"');
    expect(text).toBe('Chargement…');
  });

  it('says the connection is lost, in the visitor\'s language, and offers to reload', () => {
    const { html, text, missing } = renderView(sampleView('security-info', 'ar'), { state: { connection: 'lost' } });
    expect(missing).toEqual([]);
    expect(html).toContain('data-state="connection-lost"');
    expect(html).toContain('dir="rtl"');
    expect(text).toContain('انقطع الاتصال — أعد تحميل الصفحة.');
    expect(html).not.toContain('data-step=');

    const french = renderView(sampleView('home'), { state: { connection: 'lost' } });
    expect(french.text).toContain('Connexion perdue — rechargez la page.');
    expect(french.text).toContain('Recharger la page');
  });

  it('shows "Êtes-vous toujours là ?" with the countdown, "Continuer" and "Recommencer"', () => {
    const view = sampleView('signin-identifier');
    const { html, text, missing } = renderView(view, { now: 1_000, state: { idleDeadline: 21_000 } });
    expect(missing).toEqual([]);
    expect(html).toContain('role="alertdialog"');
    expect(text).toContain('Êtes-vous toujours là ?');
    expect(text).toContain('la session sera effacée dans 20 s.');
    expect(text).toContain('Continuer');
    expect(text).toContain('Recommencer');
  });

  it('renders no idle warning otherwise', () => {
    const { html } = renderView(sampleView('signin-identifier'));
    expect(html).not.toContain('Êtes-vous');
  });

  it('shows a busy status while a request is in flight', () => {
    const { html, text } = renderView(sampleView('home'), { state: { pending: true } });
    expect(html).toContain('class="card busy"');
    expect(html).toContain('aria-busy="true"');
    expect(text).toContain('Veuillez patienter…');
  });
});
