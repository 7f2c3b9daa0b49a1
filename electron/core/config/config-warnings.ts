import type { Config } from './schema';

/** More countries than this on a paid provider is a budget an SMS-pumping script can spend. */
const paidCountriesWarningAbove = 5;

/** What is valid but worth a second look; `config check` prints each line, and the app still starts. */
export function configWarnings(config: Config): string[] {
  const paid = (['sms', 'voice'] as const).flatMap((kind) => {
    const type = config.delivery[kind]?.type;
    return type === 'twilio' || type === 'http' ? [`delivery.${kind}: ${type}`] : [];
  });
  const countries = config.phone.allowedCountries.length;
  if (paid.length === 0 || countries <= paidCountriesWarningAbove) return [];
  return [
    `phone.allowedCountries: ${countries} countries for a paid SMS or voice provider (${paid.join(', ')}); ` +
      `each one open is a destination SMS pumping can bill: keep at most ${paidCountriesWarningAbove}`,
  ];
}
