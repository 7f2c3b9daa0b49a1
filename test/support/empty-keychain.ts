import type { Keychain } from '../../electron/core/config/secrets';

/** For tests whose secrets all come from GUICHET_SECRET_*: a keychain with nothing in it that keeps nothing. */
export const noKeychain: Keychain = {
  getPassword: async () => null,
  setPassword: async () => undefined,
  deletePassword: async () => false,
  findCredentials: async () => [],
};
