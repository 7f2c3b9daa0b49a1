import { describe, expect, it } from 'vitest';
import { stepNames, type StepName } from '../../../shared/steps';
import { renderView } from '../../../test/support/renderer/render';
import { sampleView } from '../../../test/support/renderer/sample-views';

const locales = ['fr', 'en', 'ar'] as const;

/** The seed's French wording, screen by screen. */
const frenchTexts: Record<StepName, string[]> = {
  home: ['Se connecter', "J'ai oublié mon mot de passe", 'Support informatique', '+212 5 22 00 00 00'],
  'out-of-service': ['Hors service — veuillez contacter le support informatique', 'support@um6ss.ma'],
  unavailable: ['Service momentanément indisponible, réessayez dans un instant ou contactez le support', 'Réessayer', 'support@um6ss.ma'],
  'signin-identifier': ["E-mail ou nom d'utilisateur", 'Suivant', 'Annuler'],
  'signin-password': ['itsupport@um6ss.ma', 'Entrez le mot de passe', 'Mot de passe', 'Se connecter', "J'ai oublié mon mot de passe"],
  'signin-external': ['itsupport@um6ss.ma', 'Se connecter', 'page de connexion Microsoft', 'ce guichet ne le voit jamais', 'Ouvrir la page de connexion Microsoft', 'Annuler'],
  'account-locked': ['Votre compte est verrouillé ou désactivé', 'support@um6ss.ma'],
  'security-info': [
    "ne perdez pas l'accès à votre compte !",
    'Merci ! Nous utiliserons les informations ci-dessous pour récupérer votre compte si vous oubliez votre mot de passe. Cliquez sur « terminer » pour fermer cette page.',
    "Téléphone d'authentification est défini(e) sur +212 701071074.",
    'Changer',
    "Adresse électronique d'authentification n'est pas configuré(e).",
    'Configurer maintenant',
    'terminer',
    'annuler',
  ],
  'enroll-phone': [
    "Vérifiez votre numéro de téléphone d'authentification ci-dessous.",
    "Téléphone d'authentification",
    'Maroc (\u200E+\u200E212)',
    "m'envoyer un SMS",
    "m'appeler",
    'Nous avons envoyé un SMS contenant un code de vérification à votre téléphone.',
    'vérifier',
    'réessayer',
    'Vous pourrez demander un nouveau code dans 30 s.',
    'précédent',
  ],
  'enroll-email': ["Adresse électronique d'authentification", "m'envoyer un code", 'précédent', 'Supprimer cette adresse'],
  'recovery-identify': [
    'Retournez sur votre compte',
    'Qui êtes-vous ?',
    "Pour récupérer votre compte, commencez par saisir votre e-mail ou votre nom d'utilisateur puis les caractères situés dans l'image ou la bande-son ci-dessous.",
    "E-mail ou nom d'utilisateur :*",
    'Exemple : utilisateur@um6ss.ma',
    "Saisissez les caractères de l'image ou les mots du fichier audio.*",
    'Écouter',
    'Nouvelle image',
    'Suivant',
    'Annuler',
  ],
  'recovery-verify': [
    'étape de vérification 1 > étape de vérification 2 > choisir un nouveau mot de passe',
    'Choisissez la méthode de contact à utiliser pour la vérification :',
    'Envoyer un SMS à mon téléphone mobile',
    'Appeler mon numéro de téléphone mobile',
    'Envoyer un code à mon adresse électronique',
    'Par mesure de sécurité et pour la protection de votre compte, nous vous demandons de bien vouloir entrer ci-dessous votre numéro de téléphone mobile complet (*****74). Vous allez ensuite recevoir un SMS contenant un code de vérification vous permettant de réinitialiser votre mot de passe.',
    'Entrez votre numéro de téléphone',
    'Envoyer un SMS',
    'Je ne reconnais pas ces informations / je n\'ai aucune méthode',
    'Annuler',
  ],
  'recovery-password': [
    'étape de vérification 1 ✓ (terminée) > étape de vérification 2 ✓ (terminée) > choisir un nouveau mot de passe',
    '*Saisissez le nouveau mot de passe :',
    'Niveau de sécurité du mot de passe',
    '*Confirmez le nouveau mot de passe :',
    'comporter entre 8 et 256 caractères',
    'contenir au moins 3 de ces 4 types de caractères',
    'Les mots de passe forts comportent entre 8 et 256 caractères, et doivent contenir une combinaison de lettres majuscules et minuscules, de chiffres et de symboles. Ils ne peuvent pas contenir votre nom d\'utilisateur.',
    'Terminer',
    'Annuler',
  ],
  'recovery-done': [
    'Retournez sur votre compte',
    '✓ Votre mot de passe a été réinitialisé',
    'Pour vous connecter avec votre nouveau mot de passe, cliquez ici .',
    "Cet écran revient à l'accueil dans quelques instants.",
  ],
  helpdesk: ['Contactez le support informatique', 'support@um6ss.ma', 'Bâtiment A', '8h30 – 16h30', 'Retour à l\'accueil'],
};

describe('every step renders in every language', () => {
  for (const name of stepNames) {
    for (const locale of locales) {
      it(`${name} in ${locale}`, () => {
        const { html, missing } = renderView(sampleView(name, locale));
        expect(missing).toEqual([]);
        expect(html).toContain(`data-step="${name}"`);
        expect(html).toContain(`lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"`);
        // Every screen has a title, the help button and the language switch, each language named in itself.
        expect(html).toMatch(/<h1 class="title"/);
        expect(html).toContain('aria-haspopup="dialog"');
        expect(html).toContain('>Français<');
        expect(html).toContain('>English<');
        expect(html).toContain('>العربية<');
        expect(html).toContain(`lang="${locale}" aria-current="true"`);
      });
    }
  }
});

describe('French wording of the seed', () => {
  for (const name of stepNames) {
    it(name, () => {
      const { text } = renderView(sampleView(name, 'fr'));
      for (const expected of frenchTexts[name]) expect(text).toContain(expected);
    });
  }
});

describe('English and Arabic', () => {
  it('security info in English', () => {
    const { text } = renderView(sampleView('security-info', 'en'));
    expect(text).toContain("don't lose access to your account!");
    expect(text).toContain('Authentication phone is set to +212 701071074.');
    expect(text).toContain('Authentication email is not configured.');
  });

  it('recovery in Arabic keeps numbers and addresses left to right', () => {
    const { html, text } = renderView(sampleView('recovery-verify', 'ar'));
    expect(text).toContain('اختر وسيلة الاتصال التي نستخدمها للتحقق:');
    expect(html).toContain('<bdi dir="ltr">*****74</bdi>');
    expect(html).toMatch(/id="confirm-destination"[^>]*dir="ltr"|dir="ltr"[^>]*id="confirm-destination"/);
    expect(text).toContain('خطوة التحقق 1');
  });

  it('enrollment in Arabic names the country in Arabic with a Western-digit dial code', () => {
    const { html } = renderView(sampleView('enroll-phone', 'ar'));
    expect(html).toContain('المغرب (\u200E+\u200E212)');
    expect(html).toMatch(/<input[^>]*id="phone-number"[^>]*dir="ltr"/);
    expect(html).toMatch(/<input[^>]*autoComplete="one-time-code"[^>]*inputMode="numeric"|<input[^>]*inputMode="numeric"[^>]*autoComplete="one-time-code"/i);
  });
});

describe('screen details', () => {
  it('sign-in password: says why the password is asked again on a page signed in a while ago, in every language', () => {
    const reasons = { fr: 'saisissez à nouveau votre mot de passe', en: 'enter your password again', ar: 'أدخل كلمة المرور مرة أخرى' };
    for (const locale of locales) {
      const again = renderView(sampleView('signin-password', locale, { step: { name: 'signin-password', identifier: 'itsupport@um6ss.ma', reauth: true } }));
      expect(again.missing).toEqual([]);
      expect(again.text).toContain(reasons[locale]);
      expect(renderView(sampleView('signin-password', locale)).text).not.toContain(reasons[locale]);
    }
  });

  it('security info: "terminer" is disabled until the minimum is met, and says why', () => {
    const view = sampleView('security-info', 'fr', {
      step: { name: 'security-info', methods: [{ kind: 'phone', configured: false }], minimum: 2, canFinish: false, thanks: false },
    });
    const { html, text } = renderView(view);
    expect(text).toContain('Vous devrez configurer au moins 2 des options ci-dessous.');
    expect(text).toContain('Configurez au moins 2 des options pour pouvoir terminer.');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>terminer<\/button>/);
    expect(text).not.toContain('Merci !');
  });

  it('enroll phone: only the configured channels, remove when allowed, voice wording after a call', () => {
    const base = sampleView('enroll-phone');
    const step = base.step.name === 'enroll-phone' ? base.step : undefined;
    const view = sampleView('enroll-phone', 'fr', {
      step: { ...step!, channels: ['sms'], canRemove: true, sent: { channel: 'voice', resendAt: base.now - 1, expiresAt: base.now + 60_000 } },
    });
    const { html, text } = renderView(view);
    expect(text).not.toContain("m'appeler");
    expect(text).toContain('Supprimer ce téléphone');
    expect(text).toContain('Nous vous appelons. Répondez et saisissez le code que vous entendrez.');
    // The cooldown is over: "réessayer" is enabled and no countdown shows.
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>réessayer<\/button>/);
    expect(text).not.toContain('Vous pourrez demander un nouveau code dans');
  });

  it('enroll phone: "réessayer" waits for the main side\'s resend time, whatever the local clock says', () => {
    const view = sampleView('enroll-phone');
    // Local clock two minutes ahead of the main side: the countdown still shows 30 s.
    const { html, text } = renderView(view, { now: view.now + 120_000 });
    expect(text).toContain('Vous pourrez demander un nouveau code dans 30 s.');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>réessayer<\/button>/);
  });

  it('wrong password: offers "Compte verrouillé ? Mot de passe oublié ?" leading to recovery, in every language', () => {
    const texts = { fr: 'Compte verrouillé ? Mot de passe oublié ?', en: 'Account locked? Forgot your password?', ar: 'الحساب مقفل؟ نسيت كلمة المرور؟' };
    for (const locale of locales) {
      const { text, html, missing } = renderView(sampleView('signin-password', locale), { error: { code: 'invalid-input', reason: 'wrong-credentials' } });
      expect(missing).toEqual([]);
      expect(text).toContain(texts[locale]);
      expect(html).toMatch(/<button[^>]*>[^<]*(Compte verrouillé|Account locked|الحساب مقفل)/);
    }
    expect(renderView(sampleView('signin-password')).text).not.toContain('Compte verrouillé');
  });

  it('recovery identify without CAPTCHA', () => {
    const view = sampleView('recovery-identify', 'fr', {
      step: { name: 'recovery-identify', identifier: '', example: 'utilisateur@um6ss.ma' },
    });
    const { html, text } = renderView(view);
    expect(text).not.toContain('Écouter');
    expect(html).not.toContain('<img class="captcha-image"');
    expect(text).toContain("Pour récupérer votre compte, commencez par saisir votre e-mail ou votre nom d'utilisateur.");
  });

  it('recovery identify shows the CAPTCHA image with a text alternative', () => {
    const { html } = renderView(sampleView('recovery-identify'));
    expect(html).toMatch(/<img class="captcha-image" src="data:image\/png;base64,iVBORw0KGgo=" width="220" height="72" alt="Image de vérification/);
  });

  it('recovery verify, code sent by email on the second gate', () => {
    const base = sampleView('recovery-verify');
    const view = sampleView('recovery-verify', 'fr', {
      step: {
        name: 'recovery-verify',
        gate: 2,
        gates: 2,
        options: [{ id: 'email', channel: 'email', hint: 's****@g****.com' }],
        selected: 'email',
        sent: { channel: 'email', resendAt: base.now + 10_000, expiresAt: base.now + 300_000 },
      },
    });
    const { text } = renderView(view);
    expect(text).toContain('étape de vérification 1 ✓ (terminée) > étape de vérification 2 > choisir un nouveau mot de passe');
    expect(text).toContain('Nous avons envoyé un e-mail contenant un code de vérification à votre adresse électronique.');
    expect(text).toContain('Entrez le code de vérification');
    expect(text).toContain('Contactez votre administrateur');
    expect(text).toContain('Réessayer');
    expect(text).not.toContain('Entrez votre adresse électronique');
  });

  it('recovery verify with one gate: "étape de vérification 1 > choisir un nouveau mot de passe"', () => {
    const view = sampleView('recovery-verify', 'fr', {
      step: { name: 'recovery-verify', gate: 1, gates: 1, options: [{ id: 'email', channel: 'email', hint: 's****@g****.com' }], selected: 'email' },
    });
    const { html, text } = renderView(view);
    expect(text).toContain('étape de vérification 1 > choisir un nouveau mot de passe');
    expect(text).toContain('votre adresse électronique complète (s****@g****.com)');
    expect(text).toContain('Entrez votre adresse électronique');
    expect(text).toContain('Envoyer un e-mail');
    expect(html).toContain('aria-current="step"');
  });

  it('recovery password with the nist preset shows its own rules', () => {
    const view = sampleView('recovery-password', 'fr', {
      step: { name: 'recovery-password', gates: 1, context: { preset: 'nist', username: 'x', displayName: '', bannedTerms: [] } },
    });
    const { text } = renderView(view);
    expect(text).toContain('comporter entre 15 et 256 caractères');
    expect(text).not.toContain('types de caractères');
    expect(text).toContain('au moins 15 caractères');
  });

  it('helpdesk context for a visitor whose code did not work', () => {
    const { text } = renderView(sampleView('helpdesk', 'fr', { step: { name: 'helpdesk', context: 'contact-admin' } }));
    expect(text).toContain('Votre administrateur');
  });

  it('organization logo and account chip', () => {
    const { html } = renderView(sampleView('security-info', 'fr', { organization: { ...sampleView('home').organization, logo: 'data:image/png;base64,AAAA' } }));
    expect(html).toContain('<img class="logo" src="data:image/png;base64,AAAA" alt=""/>');
    expect(html).toContain('<bdi dir="ltr">itsupport@um6ss.ma</bdi>');
  });

  it('no inline style attribute anywhere', () => {
    for (const name of stepNames) expect(renderView(sampleView(name)).html).not.toContain('style=');
  });
});
