import { describe, expect, it } from 'vitest';
import { errorCodes, errorReasons, policyReasons } from '../../../shared/errors';
import { formatTime } from '../i18n/format';
import { renderView } from '../../../test/support/renderer/render';
import { sampleView } from '../../../test/support/renderer/sample-views';

const locales = ['fr', 'en', 'ar'] as const;

describe('errors from the main side', () => {
  for (const locale of locales) {
    it(`every error code and reason has a ${locale} text, shown in the alert region with the helpdesk`, () => {
      const seen = new Set<string>();
      for (const code of errorCodes) {
        const { html, text, missing } = renderView(sampleView('signin-identifier', locale), { error: { code } });
        expect(missing).toEqual([]);
        expect(html).toMatch(/<div id="step-error" role="alert" class="alert">/);
        expect(text).toContain('support@um6ss.ma');
        seen.add(text);
      }
      for (const reason of errorReasons) {
        const { text, missing } = renderView(sampleView('signin-identifier', locale), { error: { code: 'invalid-input', reason } });
        expect(missing).toEqual([]);
        seen.add(text);
      }
      // Each code and reason says something of its own.
      expect(seen.size).toBe(errorCodes.length + errorReasons.length);
    });
  }

  it('keeps an empty live region when there is no error, so the next one is announced', () => {
    const { html } = renderView(sampleView('signin-identifier'));
    expect(html).toContain('<div id="step-error" role="alert" class="alert-empty"></div>');
  });

  it('throttled: says from when to try again, in local time', () => {
    const view = sampleView('signin-password');
    const retryAt = view.now + 15 * 60_000;
    // The local clock is two minutes ahead of the main side's.
    const { text } = renderView(view, { error: { code: 'throttled', retryAt }, now: view.now + 120_000 });
    expect(text).toContain('Trop de tentatives.');
    expect(text).toContain(`Vous pourrez réessayer à partir de ${formatTime(retryAt + 120_000, 'fr')}.`);
  });

  it('delivery unavailable', () => {
    const { text } = renderView(sampleView('enroll-phone'), { error: { code: 'delivery-unavailable' } });
    expect(text).toContain("Nous n'avons pas pu envoyer le code, réessayez ou contactez le support");
  });

  it('a wrong code says so, and marks the code field invalid', () => {
    const { html, text } = renderView(sampleView('enroll-phone'), { error: { code: 'invalid-input', reason: 'code-wrong' } });
    expect(text).toContain('Ce code est incorrect.');
    expect(text).not.toContain('Vérifiez les informations saisies.');
    expect(html).toMatch(/<input[^>]*id="code"[^>]*aria-invalid="true"[^>]*aria-describedby="step-error"/);
  });

  for (const locale of locales) {
    it(`policy violations list every reason in ${locale}`, () => {
      const { html, missing } = renderView(sampleView('recovery-password', locale), {
        error: { code: 'policy-violation', reasons: [...policyReasons] },
      });
      expect(missing).toEqual([]);
      expect(html.match(/<ul class="alert-list">(.*?)<\/ul>/)?.[1]?.match(/<li>/g)).toHaveLength(policyReasons.length);
    });
  }

  it('a policy violation names the reasons in French', () => {
    const { text } = renderView(sampleView('recovery-password'), { error: { code: 'policy-violation', reasons: ['banned', 'contains-username'] } });
    expect(text).toContain('Ce mot de passe ne respecte pas les règles :');
    expect(text).toContain('Ce mot de passe est trop courant ou contient un mot interdit.');
    expect(text).toContain("Le mot de passe ne peut pas contenir votre nom d'utilisateur.");
  });
});
