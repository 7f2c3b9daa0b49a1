import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { createInstance, type TFunction } from 'i18next';
import { configSchema } from '../../electron/core/config/schema';
import { hashSecret } from '../../electron/core/passwords/scrypt-hash';
import type { StepName } from '../../shared/steps';
import { lastCode, startHost, testConfig, type HostProcess } from '../support/browser-host-process';
import { demoUsers } from '../support/fake-graph/demo-users';
import { startFakeGraph } from '../support/fake-graph/fake-graph';
import { graphHost } from './graph-host';

/**
 * How to reach every step of `shared/steps.ts` through the browser host, and which states of its screen to show:
 * the accessibility spec scans each one and the screenshot script photographs each one, in every language.
 * Controls are found by their text in the locale files, so the same tour runs in French, English and Arabic.
 */

export type HostConfig = Record<string, unknown>;

export type Tour = {
  page: Page;
  host: HostProcess;
  locale: string;
  t: TFunction;
};

export type TourState = {
  /** Names the state in test titles and screenshot files. */
  name: string;
  /** From the previous state of the same screen into this one. */
  enter(tour: Tour): Promise<void>;
  /** Back to a screen the next state can start from (e.g. a dialog closed). */
  leave?(tour: Tour): Promise<void>;
};

/** What a screen needs behind the browser host: its config, the host's environment, a service to stop after. */
export type HostSetup = { config: HostConfig; env?: Record<string, string>; stop?(): Promise<void> };

/** The same screen under another kiosk setting, in a session of its own. */
export type VariantName = 'idle' | 'on-screen-keyboard' | 'attendant';

export type StepVisit = {
  /** What the browser host runs with for this screen (default: the e2e config). */
  setup?(): HostSetup | Promise<HostSetup>;
  /** From the home screen, already in the tour's language, to the first state of this step. */
  reach(tour: Tour): Promise<void>;
  /** Further states of the screen, entered one after the other. */
  states: TourState[];
  /** Also show the screen under these settings (see `variants`). */
  variants?: VariantName[];
};

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The languages a default install offers, the default first. */
export const tourLocales: string[] = (() => {
  const { locale } = configSchema.parse({});
  return [locale.default, ...locale.available.filter((code) => code !== locale.default)];
})();

/** The renderer's texts in one language, read from the same locale files. */
export const translator = (locale: string): TFunction => {
  const translation = JSON.parse(fs.readFileSync(path.join(repo, 'shared/locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
  const i18n = createInstance();
  void i18n.init({ lng: locale, resources: { [locale]: { translation } }, initAsync: false, interpolation: { escapeValue: false } });
  return i18n.t;
};

const withKiosk = (config: HostConfig, kiosk: Record<string, unknown>): HostConfig => ({
  ...config,
  kiosk: { ...(config.kiosk as object | undefined), ...kiosk },
});

export const screen = (page: Page, step: StepName): Locator => page.locator(`[data-step="${step}"]`);
/** Generous for a loaded machine, short of the test's whole minute, so a screen that never comes says which. */
const stepTimeout = 20_000;
export const atStep = (page: Page, step: StepName) => screen(page, step).waitFor({ timeout: stepTimeout });

/** Switches the language with the switch on the page (the first screen is in the default language). */
export async function chooseLanguage(page: Page, locale: string) {
  if ((await page.locator('html').getAttribute('lang')) === locale) return;
  await page.locator(`.languages button[lang="${locale}"]`).click();
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
  await page.locator(`.languages button[lang="${locale}"][aria-current="true"]`).waitFor();
}

const button = ({ page, t }: Tour, key: string) => page.getByRole('button', { name: t(key), exact: true });
const shownError = (page: Page) => page.locator('.alert[role="alert"]').first().waitFor();

async function signIn(tour: Tour, user: string, password: string) {
  const { page } = tour;
  await button(tour, 'home.signIn').click();
  await atStep(page, 'signin-identifier');
  await page.locator('#identifier').fill(user);
  await button(tour, 'common.next').click();
  await atStep(page, 'signin-password');
  await page.locator('#password').fill(password);
  await button(tour, 'signin.submit').click();
}

async function toSecurityInfo(tour: Tour) {
  await signIn(tour, 'nadia.benali', 'Bienvenue2025!');
  await atStep(tour.page, 'security-info');
}

const configure = async (tour: Tour, method: 'phone' | 'email') => {
  await tour.page.locator('li.method', { hasText: tour.t(`security.method.${method}`) }).getByRole('button').click();
  await atStep(tour.page, method === 'phone' ? 'enroll-phone' : 'enroll-email');
};

async function sendPhoneCode(tour: Tour, national: string) {
  await tour.page.locator('#phone-number').fill(national);
  await button(tour, 'phone.sendSms').click();
}

async function typeCode(tour: Tour, code: string, verify: string) {
  await tour.page.locator('#code').fill(code);
  await button(tour, verify).click();
}

/** A code that is surely not the one sent. */
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

async function startRecovery(tour: Tour, identifier: string) {
  const { page } = tour;
  await button(tour, 'home.recover').click();
  await atStep(page, 'recovery-identify');
  await page.locator('#identifier').fill(identifier);
  await button(tour, 'common.next').click();
  await atStep(page, 'recovery-verify');
}

async function chooseSms(tour: Tour) {
  // The main side decides what is checked: the radio turns checked with its answer, not on the click.
  await tour.page.getByRole('radio', { name: tour.t('recovery.verify.option.sms') }).click();
  await tour.page.locator('#confirm-destination').waitFor();
}

async function confirmNumber(tour: Tour, number: string) {
  await tour.page.locator('#confirm-destination').fill(number);
  await button(tour, 'recovery.verify.send.sms').click();
}

/** Salma has a phone and an email: the recovery with a choice. */
async function toRecoveryPassword(tour: Tour) {
  await startRecovery(tour, 'salma.idrissi');
  await chooseSms(tour);
  await confirmNumber(tour, '0701071074');
  await tour.page.locator('#code').waitFor();
  await typeCode(tour, lastCode(tour.host.dataDir, '+212701071074'), 'recovery.verify.next');
  await atStep(tour.page, 'recovery-password');
}

async function setPassword(tour: Tour, password: string, confirm = password) {
  await tour.page.locator('#new-password').fill(password);
  await tour.page.locator('#confirm-password').fill(confirm);
}

const help: TourState = {
  name: 'help',
  enter: async (tour) => {
    await button(tour, 'layout.help').click();
    await tour.page.getByRole('dialog').waitFor();
  },
  leave: async (tour) => {
    await tour.page.getByRole('dialog').getByRole('button', { name: tour.t('layout.close'), exact: true }).click();
    await tour.page.getByRole('dialog').waitFor({ state: 'hidden' });
  },
};

const idleWarningSeconds = 300;

/** The attendant's PIN in the tour (its hash is what the config holds). */
const attendantPin = '246813';

/** Each variant: the config change, and the states it shows on top of the step's first state. */
export const variants: Record<VariantName, { config(config: HostConfig): HostConfig | Promise<HostConfig>; states: TourState[] }> = {
  // "Êtes-vous toujours là ?": short enough to wait for, long enough to look at it.
  idle: {
    config: (config) => withKiosk(config, { idleSeconds: 5, warningSeconds: idleWarningSeconds }),
    states: [
      {
        name: 'idle',
        enter: async ({ page }) => {
          const dialog = page.getByRole('alertdialog');
          await dialog.waitFor({ timeout: 15_000 });
          // What the dialog shows (and announces) first: never more than the warning lasts.
          const shown = Number(/\d+/.exec(await dialog.getByRole('timer').innerText())?.[0]);
          if (!(shown > 0 && shown <= idleWarningSeconds)) throw new Error(`the idle warning counts down from ${shown} s, not ${idleWarningSeconds} s`);
        },
      },
    ],
  },
  // The touchscreen keyboard, shown while a text field has focus.
  'on-screen-keyboard': {
    config: (config) => withKiosk(config, { onScreenKeyboard: true }),
    states: [
      {
        name: 'on-screen-keyboard',
        enter: async ({ page }) => {
          await page.locator('input:not([type="radio"]):not([type="checkbox"]):visible').first().click();
          await page.locator('.osk').waitFor({ timeout: stepTimeout });
        },
      },
    ],
  },
  // The attendant's PIN prompt and menu, opened by the key combination of `kiosk.attendantKeys`.
  attendant: {
    config: async (config) => withKiosk(config, { attendantPinHash: await hashSecret(attendantPin) }),
    states: [
      {
        name: 'attendant-pin',
        enter: async ({ page }) => {
          await page.keyboard.press('Control+Alt+Shift+G');
          await page.locator('#attendant-pin').waitFor({ timeout: stepTimeout });
        },
      },
      {
        name: 'attendant-menu',
        enter: async ({ page }) => {
          await page.locator('#attendant-pin').fill(attendantPin);
          await page.keyboard.press('Enter');
          await page.locator('.attendant-menu').waitFor({ timeout: stepTimeout });
        },
      },
    ],
  },
};

/** A directory that never answers: nothing listens on port 1 of the loopback. */
const unreachableDirectory = (): HostSetup => ({
  config: {
    ...testConfig,
    backend: {
      type: 'ldap',
      ldap: {
        url: 'ldaps://127.0.0.1:1',
        connectTimeoutMs: 1000,
        timeoutMs: 1000,
        bindDn: 'cn=guichet,dc=univ-demo,dc=ma',
        bindPassword: 'secret:TOUR_LDAP_BIND',
        baseDn: 'dc=univ-demo,dc=ma',
      },
    },
  },
  env: { GUICHET_SECRET_TOUR_LDAP_BIND: 'unused-the-directory-is-unreachable' },
});

/** Microsoft Entra ID (the local Graph and sign-in page), whose sign-in happens on its own page. */
const entra = async (): Promise<HostSetup> => {
  const fake = await startFakeGraph({ users: demoUsers });
  return { ...graphHost(fake), stop: () => fake.stop() };
};

const plain = (config: HostConfig) => (): HostSetup => ({ config });

/** Starts the browser host (and what it needs) for one step of the tour, optionally under a variant. */
export async function startTourHost(step: StepName, variant?: VariantName): Promise<HostProcess> {
  const setup: HostSetup = (await stepTour[step].setup?.()) ?? { config: testConfig };
  const config = variant ? await variants[variant].config(setup.config) : setup.config;
  try {
    const host = await startHost(config, undefined, setup.env);
    return {
      ...host,
      stop: async () => {
        await host.stop();
        await setup.stop?.();
      },
    };
  } catch (err) {
    await setup.stop?.();
    throw err;
  }
}

/** One entry per step of `shared/steps.ts`: the compiler refuses a missing one, a test refuses an extra one. */
export const stepTour: Record<StepName, StepVisit> = {
  home: {
    reach: async () => {},
    states: [help],
    variants: ['attendant'],
  },
  'out-of-service': {
    // A config that cannot be trusted: the host serves only this screen.
    setup: plain({ kiosk: { idleSeconds: 'soon' } }),
    reach: async () => {},
    states: [help],
  },
  unavailable: {
    setup: unreachableDirectory,
    reach: async (tour) => {
      await signIn(tour, 'nadia.benali', 'Bienvenue2025!');
      await atStep(tour.page, 'unavailable');
    },
    states: [help],
  },
  'signin-identifier': {
    reach: async (tour) => {
      await button(tour, 'home.signIn').click();
      await atStep(tour.page, 'signin-identifier');
    },
    states: [
      {
        name: 'error',
        enter: async (tour) => {
          await button(tour, 'common.next').click();
          await shownError(tour.page);
        },
      },
      help,
    ],
    variants: ['idle', 'on-screen-keyboard'],
  },
  'signin-password': {
    reach: async (tour) => {
      await button(tour, 'home.signIn').click();
      await tour.page.locator('#identifier').fill('nadia.benali');
      await button(tour, 'common.next').click();
      await atStep(tour.page, 'signin-password');
    },
    states: [
      {
        name: 'error',
        enter: async (tour) => {
          await tour.page.locator('#password').fill('Pas-le-bon-2026');
          await button(tour, 'signin.submit').click();
          await shownError(tour.page);
        },
      },
      help,
    ],
  },
  'signin-external': {
    // Entra ID proves passwords on its own page: after the identifier, the screen offers to open it.
    setup: entra,
    reach: async (tour) => {
      await button(tour, 'home.signIn').click();
      await atStep(tour.page, 'signin-identifier');
      await tour.page.locator('#identifier').fill('nadia.benali');
      await button(tour, 'common.next').click();
      await atStep(tour.page, 'signin-external');
    },
    states: [help],
  },
  'account-locked': {
    // The demo directory's disabled account, with its right password.
    reach: async (tour) => {
      await signIn(tour, 'karim.tazi', 'Bienvenue2025!');
      await atStep(tour.page, 'account-locked');
    },
    states: [help],
  },
  'security-info': {
    reach: toSecurityInfo,
    states: [
      {
        name: 'thanks',
        enter: async (tour) => {
          await configure(tour, 'phone');
          await sendPhoneCode(tour, '0701071074');
          await tour.page.locator('#code').waitFor();
          await typeCode(tour, lastCode(tour.host.dataDir, '+212701071074'), 'code.verify');
          await atStep(tour.page, 'security-info');
          await tour.page.locator('.confirmation').waitFor();
        },
      },
      help,
    ],
    variants: ['idle'],
  },
  'enroll-phone': {
    reach: async (tour) => {
      await toSecurityInfo(tour);
      await configure(tour, 'phone');
    },
    states: [
      {
        name: 'error',
        enter: async (tour) => {
          await sendPhoneCode(tour, '12');
          await shownError(tour.page);
        },
      },
      {
        name: 'code-sent',
        enter: async (tour) => {
          await sendPhoneCode(tour, '0701071074');
          await tour.page.locator('#code').waitFor();
        },
      },
      {
        name: 'code-error',
        enter: async (tour) => {
          await typeCode(tour, wrong(lastCode(tour.host.dataDir, '+212701071074')), 'code.verify');
          await shownError(tour.page);
        },
      },
      help,
    ],
    variants: ['on-screen-keyboard'],
  },
  'enroll-email': {
    reach: async (tour) => {
      await toSecurityInfo(tour);
      await configure(tour, 'email');
    },
    states: [
      {
        name: 'error',
        enter: async (tour) => {
          await tour.page.locator('#email-address').fill('nadia.benali@univ-demo.ma');
          await button(tour, 'email.send').click();
          await shownError(tour.page);
        },
      },
      {
        name: 'code-sent',
        enter: async (tour) => {
          await tour.page.locator('#email-address').fill('nadia.perso@gmail.com');
          await button(tour, 'email.send').click();
          await tour.page.locator('#code').waitFor();
        },
      },
      help,
    ],
  },
  'recovery-identify': {
    // With the CAPTCHA, as an unattended kiosk asks it.
    setup: plain({ ...testConfig, recovery: { captcha: true } }),
    reach: async (tour) => {
      await button(tour, 'home.recover').click();
      await atStep(tour.page, 'recovery-identify');
      await tour.page.locator('.captcha-image').waitFor();
    },
    states: [
      {
        name: 'error',
        enter: async (tour) => {
          await tour.page.locator('#identifier').fill('salma.idrissi');
          // A character the CAPTCHA never draws.
          await tour.page.locator('#captcha').fill('0000');
          await button(tour, 'common.next').click();
          await shownError(tour.page);
        },
      },
      help,
    ],
  },
  'recovery-verify': {
    reach: (tour) => startRecovery(tour, 'salma.idrissi'),
    states: [
      { name: 'chosen', enter: chooseSms },
      {
        name: 'error',
        enter: async (tour) => {
          await confirmNumber(tour, '0699999999');
          await shownError(tour.page);
        },
      },
      {
        name: 'code-sent',
        enter: async (tour) => {
          await confirmNumber(tour, '0701071074');
          await tour.page.locator('#code').waitFor();
        },
      },
      help,
    ],
  },
  'recovery-password': {
    reach: toRecoveryPassword,
    states: [
      {
        name: 'typing',
        enter: async (tour) => {
          await setPassword(tour, 'Nouveau#2026', 'Nouveau#2027');
          await tour.page.locator('#confirm-mismatch:not(:empty)').waitFor();
        },
      },
      {
        name: 'error',
        enter: async (tour) => {
          await setPassword(tour, 'azerty123');
          await button(tour, 'recovery.password.finish').click();
          await shownError(tour.page);
        },
      },
      help,
    ],
    variants: ['idle', 'on-screen-keyboard'],
  },
  'recovery-done': {
    // Stays on the screen instead of returning home after 15 s.
    setup: plain(withKiosk(testConfig, { returnHomeSeconds: 600 })),
    reach: async (tour) => {
      await toRecoveryPassword(tour);
      await setPassword(tour, 'Nouveau#Pass2026');
      await button(tour, 'recovery.password.finish').click();
      await atStep(tour.page, 'recovery-done');
    },
    states: [help],
  },
  helpdesk: {
    reach: async (tour) => {
      await startRecovery(tour, 'youssef.alaoui');
      await button(tour, 'recovery.verify.noMethod').click();
      await atStep(tour.page, 'helpdesk');
    },
    states: [
      help,
      {
        // "Contactez votre administrateur" once a code was sent: the other wording of the screen.
        name: 'contact-admin',
        enter: async (tour) => {
          await button(tour, 'common.previous').click();
          await atStep(tour.page, 'recovery-verify');
          await chooseSms(tour);
          await confirmNumber(tour, '0612345678');
          await tour.page.locator('#code').waitFor();
          await button(tour, 'recovery.verify.admin').click();
          await atStep(tour.page, 'helpdesk');
          await tour.page.getByText(tour.t('helpdeskStep.contact-admin')).waitFor();
        },
      },
    ],
  },
};
