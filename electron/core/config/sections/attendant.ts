import { z } from 'zod';

const dayMinutes = 24 * 60;

/** At most `max` assisted recoveries in `windowMinutes`. */
const deskLimit = (max: number, what: string) =>
  z
    .strictObject({
      max: z.number().int().min(1).default(max).describe(`Assisted recoveries ${what} in the window.`),
      windowMinutes: z.number().int().min(1).default(dayMinutes).describe('Length of the sliding window (default one day).'),
    })
    .prefault({});

/**
 * `kiosk.attendants`: who may verify a visitor at the desk with their own account. Anyone can open the prompt,
 * so the failures Guichet allows stay below what the directory locks at.
 */
export const attendantsSection = z
  .strictObject({
    group: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Directory group whose members may verify visitors at the desk with their own account: a group DN (AD, OpenLDAP), a group name of the embedded directory, or a group object id (Entra ID). Without it, only the shared PIN (kiosk.attendantPinHash) opens the desk.',
      ),
    maxFailures: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe("Failed attendant sign-ins this device allows in windowMinutes before it stops asking the directory; keep it well below the directory's lockout threshold."),
    windowMinutes: z.number().int().min(1).max(24 * 60).default(15).describe('Window over which attendant sign-in failures are counted.'),
  })
  .prefault({});

/** `recovery.attendant`: a visitor with no usable method is verified in person at the desk. */
export const attendantRecoverySection = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Offer "Faire vérifier mon identité à l\'accueil" where self-service cannot help.'),
    documents: z
      .array(z.string().trim().min(1).max(60))
      .min(1)
      .default(['Carte nationale (CNIE)', 'Carte professionnelle', 'Passeport'])
      .describe('Identity documents the attendant may check; the one picked is audited, never its number.'),
    entra: z
      .enum(['password', 'temporary-access-pass'])
      .default('password')
      .describe('Entra ID: the visitor chooses a new password, or receives a one-time Temporary Access Pass to register methods with.'),
    temporaryAccessPassMinutes: z
      .number()
      .int()
      .min(10)
      .max(43200)
      .default(60)
      .describe('Lifetime of a Temporary Access Pass (Entra allows 10 minutes to 30 days).'),
    limits: z
      .strictObject({
        perAccount: deskLimit(1, 'of one account'),
        perAttendant: deskLimit(20, 'by one attendant (the shared PIN counts as one attendant)'),
        perDevice: deskLimit(30, 'on this device (kiosk.id)'),
      })
      .prefault({})
      .describe('Counted in the state store: across the fleet with state.type "postgres".'),
  })
  .prefault({});

export type AttendantsSection = z.output<typeof attendantsSection>;
export type AttendantRecoverySection = z.output<typeof attendantRecoverySection>;
