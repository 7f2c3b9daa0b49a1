import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';

/**
 * Phone messages leave only for numbers of the allowed countries, in E.164: the last check before money is spent,
 * whatever screen or request produced the number (SMS pumping goes after exactly this).
 * `allowed` undefined means every country.
 */
export function withAllowedCountries(channel: DeliveryChannel, allowed: readonly string[] | undefined): DeliveryChannel {
  const countries = allowed?.map((c) => c.toUpperCase());
  return {
    name: channel.name,
    async send(message: Message) {
      const phone = parsePhoneNumberFromString(message.to);
      if (!phone) throw new DeliveryError(message.channel, 'destination is not an international phone number');
      if (countries && !(phone.country && countries.includes(phone.country))) {
        throw new DeliveryError(message.channel, `destination country ${phone.country ?? `+${phone.countryCallingCode}`} is not allowed`);
      }
      await channel.send({ ...message, to: phone.number });
    },
  };
}
