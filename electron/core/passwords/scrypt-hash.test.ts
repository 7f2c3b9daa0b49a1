import { describe, expect, it } from 'vitest';
import { dummyVerify, hashSecret, hashWork, needsRehash, owaspScrypt, verifySecret, type ScryptParams } from './scrypt-hash';

// Cheap cost for the behaviour tests; the OWASP cost is exercised once below.
const cheap: ScryptParams = { ln: 10, r: 8, p: 1 };

describe('scrypt-hash', () => {
  it('hashes at the OWASP cost by default and verifies the right secret only', async () => {
    const encoded = await hashSecret('Bienvenue2025!');
    expect(encoded).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(encoded).not.toContain('Bienvenue');
    expect(await verifySecret('Bienvenue2025!', encoded)).toBe(true);
    expect(await verifySecret('bienvenue2025!', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashSecret('same', cheap);
    const b = await hashSecret('same', cheap);
    expect(a).not.toBe(b);
    expect(await verifySecret('same', a)).toBe(true);
    expect(await verifySecret('same', b)).toBe(true);
  });

  it('reads the cost from the string, so older parameters keep verifying', async () => {
    const old = await hashSecret('Maroc#2025pass', { ln: 11, r: 4, p: 2 });
    expect(old.startsWith('$scrypt$ln=11,r=4,p=2$')).toBe(true);
    expect(await verifySecret('Maroc#2025pass', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, { ln: 11, r: 4, p: 2 })).toBe(false);
    expect(owaspScrypt).toEqual({ ln: 17, r: 8, p: 1 });
  });

  it('treats Unicode compositions of the same password alike', async () => {
    const composed = 'Caf\u00e9-2025';
    const decomposed = 'Cafe\u0301-2025';
    expect(await verifySecret(decomposed, await hashSecret(composed, cheap))).toBe(true);
  });

  it('rejects a tampered key and refuses strings it did not write', async () => {
    const encoded = await hashSecret('secret', cheap);
    const parts = encoded.split('$');
    const key = Buffer.from(parts[4]!, 'base64');
    key[0] = key[0]! ^ 1;
    parts[4] = key.toString('base64').replace(/=+$/, '');
    expect(await verifySecret('secret', parts.join('$'))).toBe(false);

    await expect(verifySecret('secret', 'secret')).rejects.toThrow(/Unrecognized/);
    await expect(verifySecret('secret', encoded.replace('$scrypt$', '$argon2id$'))).rejects.toThrow(/Unrecognized/);
    // A cost that would need gigabytes is refused before any computation.
    await expect(verifySecret('secret', encoded.replace('ln=10', 'ln=24'))).rejects.toThrow(/Unsupported/);
    await expect(hashSecret('x', { ln: 4, r: 8, p: 1 })).rejects.toThrow(/Unsupported/);
  });

  it('counts one computation per hash, verify and dummy verify', async () => {
    const start = hashWork.count;
    const encoded = await hashSecret('x', cheap);
    expect(hashWork.count - start).toBe(1);
    await verifySecret('y', encoded);
    expect(hashWork.count - start).toBe(2);
    expect(await dummyVerify(cheap)).toBe(false);
    expect(hashWork.count - start).toBe(3);
  });
});
