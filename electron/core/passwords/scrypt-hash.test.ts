import { describe, expect, it } from 'vitest';
import { watchScrypt } from '../../../test/support/scrypt-in-flight';
import { dummyVerify, hashConcurrency, hashSecret, hashWork, matchesAny, owaspScrypt, verifySecret, type ScryptParams } from './scrypt-hash';

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

  it('checks a secret against several hashes side by side, with exactly one computation each when none matches', async () => {
    const hashes = await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5'].map((secret) => hashSecret(secret, cheap)));
    const scrypt = watchScrypt();
    const start = hashWork.count;
    expect(await matchesAny('other', hashes)).toBe(false);
    expect(hashWork.count - start).toBe(5);
    expect(scrypt.started).toBe(5);
    // Never more at once than the queue allows, and as many as it allows.
    expect(scrypt.peak).toBe(Math.min(hashConcurrency, 5));
    expect(await matchesAny('a5', hashes)).toBe(true);
    expect(await matchesAny('x', [])).toBe(false);
  });

  it('skips the checks and the hash still queued once a check matches', async () => {
    // The matching hash is cheap and the others cost 64 times more, so the match ends while they still run.
    const slow: ScryptParams = { ln: 16, r: 8, p: 1 };
    const hashes = [await hashSecret('newest', cheap), ...(await Promise.all(['b2', 'b3', 'b4', 'b5'].map((s) => hashSecret(s, slow))))];
    const controller = new AbortController();
    const start = hashWork.count;
    const used = matchesAny('newest', hashes, controller);
    const queuedHash = hashSecret('newest', cheap, controller.signal);
    expect(await used).toBe(true);
    await expect(queuedHash).rejects.toThrow(/skipped/);
    expect(controller.signal.aborted).toBe(true);
    // Only what had started when the match came: the checks beyond the queue's width and the new hash never ran.
    expect(hashWork.count - start).toBe(Math.min(hashConcurrency, hashes.length));
  });
});

