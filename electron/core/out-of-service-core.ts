import { randomBytes } from 'node:crypto';
import { refusedAs, type RequestName } from '../../shared/contract';
import type { View } from '../../shared/steps';
import { configSchema, type Config } from './config/schema';
import type { Core, CoreConnection } from './transport';

/**
 * What runs when the configuration cannot be trusted: every request answers the out-of-service screen
 * with the helpdesk contact (from the config when it could be read, else the defaults). With `unavailable`,
 * the "service momentarily unavailable, try again" screen of a device waiting for its shared database.
 */
export class OutOfServiceCore implements Core {
  private readonly config: Config;

  constructor(
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
      organization: {
        name: this.config.organization.name,
        domain: this.config.organization.domain,
        helpdesk: this.config.organization.helpdesk,
      },
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
