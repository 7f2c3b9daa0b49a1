import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parsePhone } from '../../../../shared/phone';

const seedUser = z.strictObject({
  username: z.string().trim().min(1).max(256).regex(/^[^\s@]+$/, 'must not contain spaces or "@"'),
  displayName: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(256),
  mail: z.email().optional(),
  mobile: z.string().trim().min(1).optional(),
  alternateEmail: z.email().optional(),
  disabled: z.boolean().optional(),
  department: z.string().trim().min(1).max(256).optional(),
  title: z.string().trim().min(1).max(256).optional(),
  employeeId: z.string().trim().min(1).max(64).optional(),
  /** Group names, e.g. the one kiosk.attendants.group names. */
  groups: z.array(z.string().trim().min(1).max(256)).optional(),
  /** Refused at the desk, sent to a higher one: what adminCount or a directory role marks in a real directory. */
  privileged: z.boolean().optional(),
  /** The initial password IT gave: the first sign-in asks for a new one. */
  mustChange: z.boolean().optional(),
});

export type SeedUser = {
  username: string;
  displayName: string;
  password: string;
  mail?: string;
  /** E.164 */
  mobile?: string;
  alternateEmail?: string;
  disabled: boolean;
  department?: string;
  title?: string;
  employeeId?: string;
  groups?: string[];
  privileged?: boolean;
  mustChange?: boolean;
};

/** A seed that cannot be imported; the message names the file and the entry, never a password or number. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/**
 * Validates a parsed seed (`source` names it in errors). Mobiles may be typed in any format, national ones
 * read in `defaultCountry`; they are stored in E.164, and must be mobiles since they receive codes.
 */
export function parseSeed(data: unknown, source: string, defaultCountry = 'MA'): SeedUser[] {
  if (!Array.isArray(data)) throw new SeedError(`Seed ${source}: expected a JSON array of users`);
  const users: SeedUser[] = [];
  const seen = new Set<string>();
  data.forEach((entry: unknown, index) => {
    const name =
      typeof entry === 'object' && entry !== null && typeof (entry as { username?: unknown }).username === 'string'
        ? ` ("${(entry as { username: string }).username}")`
        : '';
    const where = `Seed ${source}: entry ${index}${name}`;
    const result = seedUser.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new SeedError(`${where}: ${field}${issue.message}`);
    }
    const { mobile, disabled, groups, ...rest } = result.data;
    const key = rest.username.toLowerCase();
    if (seen.has(key)) throw new SeedError(`${where}: username appears twice`);
    seen.add(key);
    const user: SeedUser = { ...rest, disabled: disabled ?? false, ...(groups ? { groups } : {}) };
    if (mobile !== undefined) {
      const phone = parsePhone(mobile, defaultCountry);
      if (!phone.ok) {
        throw new SeedError(`${where}: mobile: ${phone.reason === 'phone-not-mobile' ? 'not a mobile number' : 'not a valid phone number'}`);
      }
      user.mobile = phone.e164;
    }
    users.push(user);
  });
  return users;
}

export async function readSeedFile(file: string, defaultCountry = 'MA'): Promise<SeedUser[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError(`Seed ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the fault, which may be a password: keep only where.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SeedError(`Seed ${file}: not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
  return parseSeed(data, file, defaultCountry);
}
