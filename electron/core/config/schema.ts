import { z } from 'zod';
import { contrastRatio, formatRatio, isHexColor, minimumTextContrast } from '../../../shared/contrast';
import { acceleratorProblem } from '../../../shared/accelerator';
import { isKnownCountry } from '../../../shared/phone';
import { isScryptHash } from '../passwords/scrypt-hash';
import { attendantRecoverySection, attendantsSection } from './sections/attendant';
import { auditSection } from './sections/audit';
import { deliverySection } from './sections/delivery';
import { graphSection } from './sections/graph';
import { ldapSection } from './sections/ldap';
import { whenReadKeysValid } from './when-read-keys-valid';
import { secretRef } from './sections/secret-ref';

/** At most `max` events per account (or destination) in `windowMinutes`. */
const windowLimit = (max: number, windowMinutes: number, what: string) =>
  z
    .strictObject({
      max: z.number().int().min(1).default(max).describe(`${what} allowed in the window.`),
      windowMinutes: z.number().int().min(1).default(windowMinutes).describe('Length of the sliding window.'),
    })
    .prefault({});

/** A region the phone rules know; the value is echoed since two letters cannot be a misplaced secret. */
const country = z.string().refine(isKnownCountry, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a country code libphonenumber-js knows: expected an ISO 3166-1 alpha-2 code such as "MA", "FR" or "SN"`,
});

const percent = (def: number, what: string) => z.number().int().min(0).max(100).default(def).describe(`Percent of decoys offering ${what}.`);

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
        domain: z
          .string()
          .min(1)
          .default('univ-demo.ma')
          .describe('The organization\'s own mail and UPN domain: builds the sign-in example hint (utilisateur@domain); "name" and "name@domain" are one identifier.'),
        otherDomains: z
          .array(z.string().min(1))
          .default([])
          .describe('Further own domains (e.g. an older mail domain): "name@other" is the same identifier as "name", as with organization.domain.'),
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
        defaultCountry: country.default('MA').describe('ISO country of numbers typed without a country code.'),
        allowedCountries: z
          .array(country)
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
      .superRefine((b, ctx) => {
        if (b.type !== 'embedded' && !b[b.type]) {
          ctx.addIssue({ code: 'custom', message: `backend.${b.type} is required when backend.type is "${b.type}"`, path: [b.type], input: b });
        }
      }, whenReadKeysValid(['type'], ['ldap'], ['graph']))
      .prefault({}),
    delivery: deliverySection,
    recovery: z
      .strictObject({
        captcha: z.boolean().default(true).describe('Ask for the characters of an image or audio clip before anything is sent.'),
        methodsRequired: z.union([z.literal(1), z.literal(2)]).default(1).describe('How many different methods a reset must verify.'),
        decoy: z
          .strictObject({
            optionMix: z
              .strictObject({
                phone: percent(45, 'phone only'),
                email: percent(15, 'email only'),
                both: percent(40, 'both a phone and an email'),
              })
              .prefault({})
              .refine((m) => m.phone + m.email + m.both === 100, 'phone + email + both must make 100')
              .describe(
                'Share of unknown identifiers whose decoy offers each set of options; set it close to how many staff registered each, so decoys look like the real accounts around them.',
              ),
            emailDomains: z
              .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain such as gmail.com'))
              .min(1)
              .default(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'hotmail.fr', 'yahoo.fr', 'live.com'])
              .describe('Domains a decoy\'s masked email is drawn from; large public providers only, never a domain a few colleagues use.'),
          })
          .prefault({})
          .describe('What an unknown identifier is shown, derived from security.decoyKey and the identifier, the same every time.'),
        attendant: attendantRecoverySection,
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
        decoyKey: secretRef
          .optional()
          .describe(
            'secret:NAME of the key decoys and identifier digests are derived from (at least 32 characters, e.g. openssl rand -hex 32); every kiosk of a fleet must share it, or two kiosks show different decoys for one unknown identifier. Default: a key drawn once per install.',
          ),
        responseFloorMs: z.number().int().min(0).max(5000).default(400).describe('Anti-enumeration: lookups and sends answer no sooner than this.'),
        throttles: z
          .strictObject({
            phonePerAccount: windowLimit(5, 60, 'SMS, calls and full-number checks of one account'),
            emailPerAccount: windowLimit(10, 10, 'Emails to one account'),
            blockHours: z.number().min(0).default(24).describe('How long an account stays blocked after a per-account limit.'),
            perDestination: windowLimit(5, 60, 'Sends to one phone number or address, whichever account asks'),
            perKioskPerHour: z.number().int().min(1).default(60).describe('Ceiling on sends from this device, to protect the SMS budget.'),
            signInFailures: z.number().int().min(1).default(10).describe('Embedded directory: failures before the account is locked for a minute, then longer.'),
            identifyPerDevice: windowLimit(60, 60, 'Recovery lookups (each a directory query) from this device (kiosk.id)'),
            signInFailuresPerDevice: windowLimit(30, 60, 'Failed sign-ins from this device (kiosk.id), across all accounts,'),
          })
          .prefault({}),
      })
      .prefault({}),
    kiosk: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Full-screen kiosk window, locked down; false is a staff workstation window.'),
        id: z.string().optional().describe('Names the device in audit lines and notifications (default: host name).'),
        idleSeconds: seconds(5, 3600, 90, 'Inactivity before "Êtes-vous toujours là ?".'),
        signedInIdleSeconds: seconds(5, 3600, 45, 'Inactivity before that warning on a signed-in screen (security info), which a walk-up stranger could use; never longer than kiosk.idleSeconds.'),
        warningSeconds: seconds(3, 300, 20, 'Countdown of that warning before the session is wiped.'),
        returnHomeSeconds: seconds(1, 600, 15, 'Time on a final screen before returning home.'),
        onScreenKeyboard: z.boolean().default(false).describe('Show a built-in keyboard (AZERTY, QWERTY, Arabic, digits) for touchscreens without a keyboard.'),
        attendantPinHash: z
          .string()
          // Never echoed: a PIN typed here instead of its hash would otherwise land in the log.
          .refine(isScryptHash, 'expected the line `guichet pin-hash` prints ($scrypt$ln=17,r=8,p=1$…$…), not the PIN itself')
          .optional()
          .describe('scrypt hash of the attendant PIN (guichet pin-hash).'),
        attendantKeys: z
          .string()
          .check((ctx) => {
            const problem = acceleratorProblem(ctx.value);
            if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
          })
          .default('Control+Alt+Shift+G')
          .describe('Key combination that opens the attendant PIN prompt (Electron accelerator syntax).'),
        attendants: attendantsSection,
      })
      .prefault({}),
    audit: auditSection,
    state: z
      .strictObject({
        type: z
          .enum(['sqlite', 'postgres'])
          .default('sqlite')
          .describe('Where limits, blocks and install secrets live: "sqlite" on this device alone, "postgres" shared by a fleet of devices.'),
        path: z
          .string()
          .optional()
          .describe('SQLite file for throttle counters and install secrets; with "postgres", this device\'s own audit head and daily counts (default: state.sqlite in the data folder).'),
        postgres: z
          .strictObject({
            connectionString: secretRef
              .optional()
              .describe('secret:NAME holding a postgres:// URL for the kiosk role (it carries a password); required with state.type "postgres".'),
            caFile: z.string().optional().describe('CA certificate (PEM) the database server\'s certificate must chain to; TLS is required unless the host is a loopback address.'),
            schema: z
              .string()
              .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
              .default('guichet')
              .describe('PostgreSQL schema holding Guichet\'s tables.'),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.enrollment.minimumMethods < c.recovery.methodsRequired) {
      ctx.addIssue({
        code: 'custom',
        message: `expected at least recovery.methodsRequired (${c.recovery.methodsRequired}), got ${c.enrollment.minimumMethods}: a reset could ask for more methods than a user keeps`,
        path: ['enrollment', 'minimumMethods'],
        input: c.enrollment.minimumMethods,
      });
    }
  }, whenReadKeysValid(['enrollment', 'minimumMethods'], ['recovery', 'methodsRequired']))
  .superRefine((c, ctx) => {
    if (c.state.type !== 'postgres') return;
    if (c.state.postgres.connectionString === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a secret:NAME with state.type "postgres" (the kiosk role\'s postgres:// URL)', path: ['state', 'postgres', 'connectionString'], input: undefined });
    }
    // Per-device rows of a shared database are keyed by kiosk.id: a host name is not a name IT chose to keep unique.
    if (c.kiosk.id === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a kiosk.id, unique in the fleet, with state.type "postgres"', path: ['kiosk', 'id'], input: undefined });
    }
    // Every device copies its chain to the shared audit table: one key lets `audit verify --database` check them all.
    if (c.audit.key === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'state.type "postgres" needs audit.key (a secret:NAME shared by the fleet): every device copies its audit chain to the database, where one key verifies them all',
        path: ['audit', 'key'],
        input: undefined,
      });
    }
  }, whenReadKeysValid(['state'], ['kiosk', 'id'], ['audit', 'key']))
  .superRefine((c, ctx) => {
    if (c.audit.syslog && c.audit.key === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'audit.syslog needs audit.key: the fleet shares one chain key, so the SIEM\'s copy verifies with it',
        path: ['audit', 'key'],
        input: c.audit.key,
      });
    }
    if (!c.locale.available.includes(c.locale.default)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected one of locale.available (${c.locale.available.map((l) => JSON.stringify(l)).join(', ')}), got ${JSON.stringify(c.locale.default)}`,
        path: ['locale', 'default'],
        input: c.locale.default,
      });
    }
  }, whenReadKeysValid(['locale', 'default'], ['locale', 'available']));

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
