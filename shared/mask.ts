// Hints shown on the recovery screen ("*****74", "s****@g****.com"). They reveal the same little whether the
// account exists or not: an unknown identifier gets a decoy in exactly the same shape, derived from bytes the
// main side computes from the identifier, so asking twice gives the same answer.

const STARS = '****';

/** Only the last two digits: the seed guide's "(*****74)". */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  return `*****${digits.slice(-2)}`;
}

/** First letter of the local part and of the domain's first label, four stars each, the top-level domain kept. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).trim().toLowerCase();
  const labels = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .split('.')
    .filter((label) => label.length > 0);
  const first = labels[0] ?? '';
  const tld = labels.length > 1 ? `.${labels[labels.length - 1]}` : '';
  return `${initial(local)}${STARS}@${initial(first)}${STARS}${tld}`;
}

function initial(text: string): string {
  // Array.from keeps a letter outside the BMP whole.
  return Array.from(text)[0] ?? '';
}

// Initials weighted roughly like those of first names, so a decoy's letter is not an outlier.
const INITIALS = 'aaaabbcccdeeffghhiijjkkllmmmmnnooprrsssstuvwyyzz';

function need(bytes: Uint8Array, count: number): void {
  if (bytes.length < count) throw new RangeError(`a decoy hint needs at least ${count} bytes`);
}

/** A believable "*****NN" for an account that does not exist; the same bytes always give the same hint. */
export function decoyPhoneHint(bytes: Uint8Array): string {
  need(bytes, 2);
  const value = ((bytes[0] << 8) | bytes[1]) % 100;
  return `*****${String(value).padStart(2, '0')}`;
}

/**
 * A believable "x****@g****.com" for an account that does not exist, its domain drawn from `domains` (IT's list of
 * large public providers, never one read from a real account); the same bytes always give the same hint.
 */
export function decoyEmailHint(bytes: Uint8Array, domains: readonly string[]): string {
  need(bytes, 4);
  if (domains.length === 0) throw new RangeError('a decoy email hint needs at least one domain');
  const letter = INITIALS[((bytes[0] << 8) | bytes[1]) % INITIALS.length];
  const domain = domains[((bytes[2] << 8) | bytes[3]) % domains.length];
  return maskEmail(`${letter}@${domain}`);
}
