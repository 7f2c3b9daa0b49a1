import { z } from 'zod';
import { contrastRatio, formatRatio, isHexColor, minimumTextContrast } from '../../../shared/contrast';
import { parseAccelerator } from '../../../shared/accelerator';
import { deliverySection } from './sections/delivery';
import { graphSection } from './sections/graph';
import { ldapSection } from './sections/ldap';

/** At most `max` events per account (or destination) in `windowMinutes`. */
const windowLimit = (max: number, windowMinutes: number, what: string) =>
  z
    .strictObject({
      max: z.number().int().min(1).default(max).describe(`${what} allowed in the window.`),
      windowMinutes: z.number().int().min(1).default(windowMinutes).describe('Length of the sliding window.'),
    })
    .prefault({});

const seconds = (min: number, max: number, def: number, what: string) =>
  z.number().int().min(min).max(max).default(def).describe(what);

/** The config contract with IT administrators: every key documented once, here. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('config.schema.json, for editors: completion and checks as you type.'),
    locale: z
      .strictObject({
        default: z.string().default('fr').describe('Language shown to each new visitor.'),
        available: z.array(z.string()).min(1).default(['fr', 'en', 'ar']).describe('Languages offered by the language switch.'),
      })
      .prefault({}),
    organization: z
      .strictObject({
        name: z.string().min(1).default('Université Démo').describe('Shown on every screen and in every message.'),
        shortName: z.string().min(1).max(20).optional().describe('Name used in an SMS when the full name does not fit in one part (e.g. "UM6SS").'),
        domain: z.string().min(1).default('univ-demo.ma').describe('Builds the sign-in example hint (utilisateur@domain).'),
        helpdesk: z
          .strictObject({
            phone: z.string().optional(),
            email: z.string().optional(),
            location: z.string().optional(),
            hours: z.string().optional(),
          })
          .prefault({ phone: '+212 5 22 00 00 00', email: 'support@univ-demo.ma', location: 'Bâtiment A, rez-de-chaussée', hours: '8h30 – 16h30' })
          .describe('Shown wherever a visitor is stuck.'),
        logo: z
          .string()
          .min(1)
          .optional()
          .describe('Path to a PNG, JPEG or SVG logo of at most 256 KB, relative to this file; read at start and shown on every screen.'),
        primaryColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .check((ctx) => {
            // Buttons are white text on this color, links this color on white.
            if (!isHexColor(ctx.value)) return;
            const ratio = contrastRatio(ctx.value, '#ffffff');
            if (ratio >= minimumTextContrast) return;
            ctx.issues.push({
              code: 'custom',
              message: `${ctx.value} gives white text a contrast of ${formatRatio(ratio)}; at least ${minimumTextContrast}:1 is needed: choose a darker color`,
              input: ctx.value,
            });
          })
          .optional()
          .describe('Primary color (#rrggbb) of buttons and links; must contrast at least 4.5:1 with white.'),
      })
      .prefault({}),
    phone: z
      .strictObject({
        defaultCountry: z.string().length(2).default('MA').describe('ISO country of numbers typed without a country code.'),
        allowedCountries: z
          .array(z.string().length(2))
          .min(1)
          .optional()
          .describe('Only these countries may be registered or called (default: defaultCountry alone, against SMS pumping).'),
      })
      // Every country open by default is what SMS pumping feeds on: absent means the default country only.
      .transform((phone) => ({ ...phone, allowedCountries: phone.allowedCountries ?? [phone.defaultCountry.toUpperCase()] }))
      .prefault({}),
    backend: z
      .strictObject({
        type: z.enum(['embedded', 'ldap', 'graph']).default('embedded').describe('Where accounts live.'),
        embedded: z
          .strictObject({
            database: z.string().optional().describe('SQLite file (default: directory.sqlite in the data folder).'),
            seed: z.string().optional().describe('JSON array of users imported on first start (default: the demo users).'),
          })
          .prefault({}),
        ldap: ldapSection.optional(),
        graph: graphSection.optional(),
      })
      .prefault({})
      .check((ctx) => {
        const b = ctx.value;
        if (b.type !== 'embedded' && !b[b.type]) {
          ctx.issues.push({ code: 'custom', message: `backend.${b.type} is required when backend.type is "${b.type}"`, path: [b.type], input: b });
        }
      }),
    delivery: deliverySection,
    recovery: z
      .strictObject({
        captcha: z.boolean().default(true).describe('Ask for the characters of an image or audio clip before anything is sent.'),
        methodsRequired: z.union([z.literal(1), z.literal(2)]).default(1).describe('How many different methods a reset must verify.'),
      })
      .prefault({}),
    enrollment: z
      .strictObject({
        minimumMethods: z.number().int().min(1).max(2).default(1).describe('Methods a user must keep registered.'),
        methods: z.array(z.enum(['phone', 'email'])).min(1).default(['phone', 'email']).describe('Methods offered.'),
        reauthMinutes: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(5)
          .describe('A sign-in older than this asks for the password again before a method is added or changed (a page left behind).'),
      })
      .prefault({}),
    security: z
      .strictObject({
        passwordPolicy: z
          .strictObject({
            preset: z.enum(['entra', 'nist']).default('entra'),
            bannedTerms: z.array(z.string()).default([]).describe('Organization words refused in passwords, besides its name.'),
          })
          .prefault({}),
        code: z
          .strictObject({
            length: z.number().int().min(6).max(10).default(6).describe('Digits in a verification code.'),
            ttlSeconds: seconds(1, 600, 300, 'How long a code stays valid (at most 10 minutes).'),
            maxAttempts: z.number().int().min(1).max(10).default(3).describe('Wrong entries before a code is dead.'),
            resendSeconds: seconds(0, 600, 30, 'Wait before a code can be sent again.'),
          })
          .prefault({}),
        sessionMinutes: z.number().int().min(1).max(60).default(15).describe('Longest life of an enrollment or recovery session.'),
        responseFloorMs: z.number().int().min(0).max(5000).default(400).describe('Anti-enumeration: lookups and sends answer no sooner than this.'),
        throttles: z
          .strictObject({
            phonePerAccount: windowLimit(5, 60, 'SMS, calls and full-number checks of one account'),
            emailPerAccount: windowLimit(10, 10, 'Emails to one account'),
            blockHours: z.number().min(0).default(24).describe('How long an account stays blocked after a per-account limit.'),
            perDestination: windowLimit(5, 60, 'Sends to one phone number or address, whichever account asks'),
            perKioskPerHour: z.number().int().min(1).default(60).describe('Ceiling on sends from this device, to protect the SMS budget.'),
            signInFailures: z.number().int().min(1).default(10).describe('Embedded directory: failures before the account is locked for a minute, then longer.'),
          })
          .prefault({}),
      })
      .prefault({}),
    kiosk: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Full-screen kiosk window, locked down; false is a staff workstation window.'),
        id: z.string().optional().describe('Names the device in audit lines and notifications (default: host name).'),
        idleSeconds: seconds(5, 3600, 90, 'Inactivity before "Êtes-vous toujours là ?".'),
        signedInIdleSeconds: seconds(5, 3600, 45, 'Inactivity before that warning on a signed-in screen (security info), which a walk-up stranger could use.'),
        warningSeconds: seconds(3, 300, 20, 'Countdown of that warning before the session is wiped.'),
        returnHomeSeconds: seconds(1, 600, 15, 'Time on a final screen before returning home.'),
        onScreenKeyboard: z.boolean().default(false).describe('Show a built-in keyboard (AZERTY, QWERTY, Arabic, digits) for touchscreens without a keyboard.'),
        attendantPinHash: z.string().optional().describe('scrypt hash of the attendant PIN (guichet pin-hash).'),
        attendantKeys: z
          .string()
          .refine((keys) => parseAccelerator(keys, 'linux') !== null, 'not a key combination such as Control+Alt+Shift+G')
          .default('Control+Alt+Shift+G')
          .describe('Key combination that opens the attendant PIN prompt (Electron accelerator syntax).'),
      })
      .prefault({}),
    audit: z.strictObject({ path: z.string().optional().describe('Audit log file (default: audit.jsonl in the data folder).') }).prefault({}),
    state: z.strictObject({ path: z.string().optional().describe('SQLite file for throttle counters and install secrets (default: state.sqlite in the data folder).') }).prefault({}),
  })
  .check((ctx) => {
    const c = ctx.value;
    if (c.enrollment.minimumMethods < c.recovery.methodsRequired) {
      ctx.issues.push({
        code: 'custom',
        message: 'enrollment.minimumMethods must be at least recovery.methodsRequired',
        path: ['enrollment', 'minimumMethods'],
        input: c.enrollment.minimumMethods,
      });
    }
    if (!c.locale.available.includes(c.locale.default)) {
      ctx.issues.push({ code: 'custom', message: 'locale.default must be one of locale.available', path: ['locale', 'default'], input: c.locale.default });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
