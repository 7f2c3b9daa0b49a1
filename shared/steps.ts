import type { BridgeError } from './errors';

export type MethodKind = 'phone' | 'email';
export type Channel = 'sms' | 'voice' | 'email';
export type PhoneChannel = Exclude<Channel, 'email'>;

/** One row of the security info page: "✓ … est défini(e) sur +212 701071074" or "❗ … n'est pas configuré(e)". */
export type MethodRow = { kind: MethodKind; configured: boolean; display?: string };

/** A code that was sent; times are epoch milliseconds on the main side's clock (see `View.now`). */
export type SentCode = { channel: Channel; resendAt: number; expiresAt: number };

export type CountryOption = { code: string; dial: string };

export type RecoveryOption = { id: string; channel: Channel; hint: string };

/** What the password step needs to check a candidate live; the main side checks it again. */
export type PasswordContext = {
  preset: 'entra' | 'nist';
  username: string;
  displayName: string;
  bannedTerms: string[];
};

/** Every screen the flows can show: a closed union, so a new step cannot escape the exhaustive switches and the screen tests. */
export type Step =
  | { name: 'home' }
  | { name: 'out-of-service' }
  | { name: 'unavailable' }
  | { name: 'signin-identifier'; identifier: string }
  /** `reauth`: signed in a while ago, the password again before a method is added or changed. */
  | { name: 'signin-password'; identifier: string; reauth?: true }
  | {
      /** Sign-in on the directory's own page (Entra ID): `url` is opened by the app's window, or by the screen when `popup`. */
      name: 'signin-external';
      identifier: string;
      url: string;
      popup: boolean;
      /** The visitor opened the page: the screen waits for it. */
      waiting: boolean;
      /** Main-side epoch ms when the page stops being accepted. */
      expiresAt: number;
    }
  | { name: 'account-locked' }
  | { name: 'security-info'; methods: MethodRow[]; minimum: number; canFinish: boolean; thanks: boolean }
  | {
      name: 'enroll-phone';
      countries: CountryOption[];
      country: string;
      number: string;
      channels: PhoneChannel[];
      sent?: SentCode;
      replacing: boolean;
      canRemove: boolean;
    }
  | { name: 'enroll-email'; address: string; sent?: SentCode; replacing: boolean; canRemove: boolean }
  | { name: 'recovery-identify'; identifier: string; example: string; captcha?: { image: string } }
  | {
      name: 'recovery-verify';
      gate: number;
      gates: number;
      options: RecoveryOption[];
      selected?: string;
      sent?: SentCode;
    }
  | { name: 'recovery-password'; gates: number; context: PasswordContext }
  | { name: 'recovery-done' }
  | { name: 'helpdesk'; context: 'no-method' | 'contact-admin' };

export type StepName = Step['name'];

/** Every step name, derived for tests that must visit each screen. */
export const stepNames = [
  'home',
  'out-of-service',
  'unavailable',
  'signin-identifier',
  'signin-password',
  'signin-external',
  'account-locked',
  'security-info',
  'enroll-phone',
  'enroll-email',
  'recovery-identify',
  'recovery-verify',
  'recovery-password',
  'recovery-done',
  'helpdesk',
] as const satisfies readonly StepName[];
// Fails to compile when a step is added to `Step` but not to `stepNames`.
type MissingStepName = Exclude<StepName, (typeof stepNames)[number]>;
const _allStepsListed: MissingStepName extends never ? true : never = true;

export type Helpdesk = { phone?: string; email?: string; location?: string; hours?: string };

export type Organization = {
  name: string;
  domain: string;
  helpdesk: Helpdesk;
  primaryColor?: string;
  logo?: string;
};

/** Everything the renderer may know: a screen's data, never a code, a secret or another visitor's data. */
export type View = {
  /** Single-use: the next request must echo it. */
  token: string;
  step: Step;
  locale: string;
  locales: string[];
  organization: Organization;
  /** The account chip ("← itsupport@um6ss.ma"): what the visitor typed, nothing from the directory. */
  chip?: string;
  error?: BridgeError;
  /** `attendantKeys` only when an attendant PIN is configured: the screen then listens for that key combination. */
  kiosk: { enabled: boolean; onScreenKeyboard: boolean; attendantKeys?: string };
  /** The main side's clock at the time of the view, to turn `SentCode` times into countdowns. */
  now: number;
};
