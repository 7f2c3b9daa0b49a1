import { z } from 'zod';

/** Secrets never sit in the config file: `secret:NAME` is resolved from the OS keychain or GUICHET_SECRET_NAME. */
export const secretRef = z
  .string()
  .regex(/^secret:[A-Za-z0-9_]{1,64}$/, 'expected a secret reference like "secret:NAME"');
