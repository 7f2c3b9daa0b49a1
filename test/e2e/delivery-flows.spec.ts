import { codeIn, outbox, testConfig } from '../support/browser-host-process';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway';
import { startSmtpSink, type SmtpSink, type SinkMail } from '../support/smtp-sink';
import { test as base, expect, step } from './fixtures';
import { confirmAndWaitForCode, enrollEmail, enrollPhone, setNewPassword, signIn, startRecovery } from './flows';

// Real delivery behind the browser host: email through an SMTP server (STARTTLS + AUTH) and SMS through the generic
// HTTP gateway, both local, with their credentials given as GUICHET_SECRET_<NAME> as on a headless kiosk.
const test = base.extend<{ mailbox: SmtpSink; gateway: FakeSmsGateway }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
  mailbox: async ({}, use) => {
    const mailbox = await startSmtpSink();
    await use(mailbox);
    await mailbox.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- as above.
  gateway: async ({}, use) => {
    const gateway = await startFakeSmsGateway({ api: 'infobip' });
    await use(gateway);
    await gateway.stop();
  },
  hostEnv: async ({ mailbox, gateway }, use) => {
    await use({ GUICHET_SECRET_SMTP_PASSWORD: mailbox.password, GUICHET_SECRET_SMS_GATEWAY_KEY: gateway.apiKey });
  },
  hostConfig: async ({ mailbox, gateway }, use) => {
    await use({
      ...testConfig,
      delivery: {
        email: mailbox.emailConfig('secret:SMTP_PASSWORD'),
        sms: gateway.smsConfig('secret:SMS_GATEWAY_KEY'),
        voice: { type: 'none' },
      },
    });
  },
});

const smsCode = (gateway: FakeSmsGateway) => (to: string) => {
  const last = gateway.messages.filter((m) => m.to === to).at(-1);
  if (!last) throw new Error(`no SMS to ${to}`);
  return codeIn(last.text);
};

const frenchSms = /^Université Démo : votre code est \d{6}\. Il expire dans \d+ min\. Ne le communiquez à personne\.$/;
const noticeSubject = 'Université Démo : modification de votre compte';

/** Sent over TLS by the configured user, in French, from the organization. */
function expectFrenchMail(mail: SinkMail | undefined, mailbox: SmtpSink) {
  expect(mail).toBeDefined();
  expect(mail!.secure).toBe(true);
  expect(mail!.user).toBe(mailbox.user);
  expect(mail!.mail.headers.from).toBe(`Université Démo <${mailbox.user}>`);
  expect(mail!.mail.headers['content-language']).toBe('fr');
}

test('enrolls a phone by SMS through the gateway and an email by a code sent over SMTP, in French', async ({ app, host, mailbox, gateway }) => {
  await signIn(app, 'nadia.benali', 'Bienvenue2025!');
  await step(app, 'security-info');

  await enrollPhone(app, smsCode(gateway), '0701071074', '+212701071074');
  await expect(app.getByText('+212 701071074')).toBeVisible();
  expect(gateway.messages).toEqual([{ to: '+212701071074', text: expect.stringMatching(frenchSms), sender: 'Guichet' }]);
  expect(gateway.requests.at(-1)!.headers.authorization).toBe(`App ${gateway.apiKey}`);

  await enrollEmail(app, (to) => mailbox.lastCode(to), 'nadia.perso@gmail.com');
  await expect(app.getByText('nadia.perso@gmail.com')).toBeVisible();
  const codeMail = mailbox.received.find((m) => m.to.includes('nadia.perso@gmail.com'));
  expectFrenchMail(codeMail, mailbox);
  expect(codeMail!.mail.headers.subject).toBe('Université Démo : votre code de vérification');
  expect(codeMail!.text).toMatch(/Votre code de vérification est : \d{6}\n/);

  // "A new authentication method was added", to the account's own mailbox, once per method.
  const notices = mailbox.received.filter((m) => m.to.includes('nadia.benali@univ-demo.ma'));
  expect(notices.map((m) => m.mail.headers.subject)).toEqual([noticeSubject, noticeSubject]);
  expectFrenchMail(notices[0], mailbox);
  expect(notices[0]!.text).toContain("Une nouvelle méthode d'authentification (téléphone d'authentification) a été ajoutée à votre compte nadia.benali");
  expect(notices[1]!.text).toContain("Une nouvelle méthode d'authentification (adresse électronique d'authentification) a été ajoutée");

  await app.getByRole('button', { name: 'terminer' }).click();
  await step(app, 'home');
  expect(outbox(host.dataDir)).toEqual([]);
});

test('resets a password after an SMS code through the gateway and tells the account over SMTP, in French', async ({ app, host, mailbox, gateway }) => {
  await startRecovery(app, 'salma.idrissi');
  await confirmAndWaitForCode(app, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '0701071074', 'Envoyer un SMS');
  expect(gateway.messages).toEqual([{ to: '+212701071074', text: expect.stringMatching(frenchSms), sender: 'Guichet' }]);
  await app.getByLabel('Entrez le code de vérification').fill(smsCode(gateway)('+212701071074'));
  await app.getByRole('button', { name: 'Suivant' }).click();
  await step(app, 'recovery-password');
  await setNewPassword(app, 'Nouveau#Pass2026');
  await step(app, 'recovery-done');

  // "Your password was reset", to the account's mailbox and to its authentication email.
  expect(mailbox.received.flatMap((m) => m.to).sort()).toEqual(['salma.idrissi@univ-demo.ma', 'salma.perso@gmail.com']);
  for (const notice of mailbox.received) {
    expectFrenchMail(notice, mailbox);
    expect(notice.mail.headers.subject).toBe(noticeSubject);
    expect(notice.text).toContain('Le mot de passe de votre compte salma.idrissi a été réinitialisé');
  }
  expect(outbox(host.dataDir)).toEqual([]);
});
