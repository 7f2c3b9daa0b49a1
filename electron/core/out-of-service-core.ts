import { randomBytes } from 'node:crypto';
import { refusedAs, type RequestName } from '../../shared/contract';
import type { Organization, View } from '../../shared/steps';
import { configSchema, type Config } from './config/schema';
import type { Core, CoreConnection } from './transport';

/**
 * What runs when the configuration cannot be trusted: every request answers the out-of-service screen
 * with the organization and helpdesk the file names (see `salvageOrganization`), in the configured languages when
 * the file was valid, else the defaults. With `unavailable`, the "service momentarily unavailable, try again" screen
 * of a device waiting for its shared database.
 */
export class OutOfServiceCore implements Core {
  private readonly config: Config;

  constructor(
    private readonly organization: Organization,
    config?: Config,
    private readonly step: 'out-of-service' | 'unavailable' = 'out-of-service',
  ) {
    this.config = config ?? configSchema.parse({});
  }

  connect(): CoreConnection {
    const view = (): View => ({
      token: randomBytes(16).toString('base64url'),
      step: { name: this.step },
      locale: this.config.locale.default,
      locales: this.config.locale.available,
      organization: this.organization,
      kiosk: { enabled: this.config.kiosk.enabled, onScreenKeyboard: false },
      now: Date.now(),
    });
    let locale = this.config.locale.default;
    return {
      id: randomBytes(8).toString('hex'),
      handle: async <K extends RequestName>(name: K, payload: unknown) => {
        // The language switch still works, so the visitor can read whom to call.
        const wanted = (payload as { locale?: unknown } | null)?.locale;
        if (name === 'locale.set' && typeof wanted === 'string' && this.config.locale.available.includes(wanted)) locale = wanted;
        return refusedAs<K>({ ok: false, error: { code: this.step === 'unavailable' ? 'unavailable' : 'config-invalid' }, view: { ...view(), locale } });
      },
      close: () => {},
    };
  }

  liveSessions(): number {
    return 0;
  }

  async shutdown(): Promise<void> {}
}
