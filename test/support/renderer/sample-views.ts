import type { StepName, View } from '../../../shared/steps';

/** Main-side clock of every sample view: 2025-03-03 10:00:00 UTC. */
export const sampleNow = Date.UTC(2025, 2, 3, 10, 0, 0);

const sent = (channel: 'sms' | 'voice' | 'email') => ({ channel, resendAt: sampleNow + 30_000, expiresAt: sampleNow + 300_000 });

/** One view per step, as the main side would send it; `satisfies` makes a new step need a sample here. */
export const sampleSteps = {
  home: { name: 'home' },
  'out-of-service': { name: 'out-of-service' },
  unavailable: { name: 'unavailable' },
  'signin-identifier': { name: 'signin-identifier', identifier: '' },
  'signin-password': { name: 'signin-password', identifier: 'itsupport@um6ss.ma' },
  'signin-external': {
    name: 'signin-external',
    identifier: 'itsupport@um6ss.ma',
    url: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/authorize?client_id=c&state=s',
    popup: false,
    waiting: false,
    expiresAt: sampleNow + 300_000,
  },
  'account-locked': { name: 'account-locked' },
  'security-info': {
    name: 'security-info',
    methods: [
      { kind: 'phone', configured: true, display: '+212 701071074' },
      { kind: 'email', configured: false },
    ],
    minimum: 1,
    canFinish: true,
    thanks: true,
  },
  'enroll-phone': {
    name: 'enroll-phone',
    countries: [
      { code: 'MA', dial: '+212' },
      { code: 'FR', dial: '+33' },
    ],
    country: 'MA',
    number: '701071074',
    channels: ['sms', 'voice'],
    sent: sent('sms'),
    replacing: false,
    canRemove: false,
  },
  'enroll-email': { name: 'enroll-email', address: '', replacing: true, canRemove: true },
  'recovery-identify': {
    name: 'recovery-identify',
    identifier: 'itsupport@um6ss.ma',
    example: 'utilisateur@um6ss.ma',
    captcha: { image: 'data:image/png;base64,iVBORw0KGgo=' },
  },
  'recovery-verify': {
    name: 'recovery-verify',
    gate: 1,
    gates: 2,
    options: [
      { id: 'sms', channel: 'sms', hint: '*****74' },
      { id: 'voice', channel: 'voice', hint: '*****74' },
      { id: 'email', channel: 'email', hint: 's****@g****.com' },
    ],
    selected: 'sms',
  },
  'recovery-password': {
    name: 'recovery-password',
    gates: 2,
    context: { preset: 'entra', username: 'itsupport@um6ss.ma', displayName: 'Support Informatique', bannedTerms: ['UM6SS'] },
  },
  'recovery-done': { name: 'recovery-done' },
  helpdesk: { name: 'helpdesk', context: 'no-method' },
} as const satisfies { [N in StepName]: Extract<View['step'], { name: N }> };

export const sampleView = (name: StepName, locale = 'fr', extra: Partial<View> = {}): View => ({
  token: `token-${name}`,
  step: structuredClone(sampleSteps[name]) as View['step'],
  locale,
  locales: ['fr', 'en', 'ar'],
  organization: {
    name: 'UM6SS',
    domain: 'um6ss.ma',
    helpdesk: { phone: '+212 5 22 00 00 00', email: 'support@um6ss.ma', location: 'Bâtiment A', hours: '8h30 – 16h30' },
  },
  ...(name === 'signin-password' || name === 'signin-external' || name === 'security-info' ? { chip: 'itsupport@um6ss.ma' } : {}),
  kiosk: { enabled: false, onScreenKeyboard: false },
  now: sampleNow,
  ...extra,
});
