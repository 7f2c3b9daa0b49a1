import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captchaAlphabet, captchaAudioLocale, captchaLocales } from './alphabet';
import { loadClips, spellOut } from './audio';
import { parseWav } from './wav';

const clipsDir = fileURLToPath(new URL('./clips/', import.meta.url));

describe('recorded clips', () => {
  it.each(captchaLocales)('cover the whole alphabet in %s at 16 kHz, each under a second', async (locale) => {
    const set = await loadClips(clipsDir, locale);
    expect(set.sampleRate).toBe(16_000);
    expect([...set.clips.keys()].join('')).toBe(captchaAlphabet);
    for (const clip of set.clips.values()) {
      expect(clip.length / set.sampleRate).toBeGreaterThan(0.1);
      expect(clip.length / set.sampleRate).toBeLessThan(1);
      // Not silence: the loudest sample is near the −3 dBFS the recording script normalizes to.
      expect(Math.max(...clip.map(Math.abs))).toBeGreaterThan(16_000);
    }
  });

  it('stay well under a megabyte in all', async () => {
    let bytes = 0;
    for (const locale of captchaLocales) {
      for (const char of captchaAlphabet) bytes += (await stat(`${clipsDir}${locale}/${char}.wav`)).size;
    }
    expect(bytes).toBeLessThan(700_000);
  });

  it('are recorded for the same alphabet the service draws from', async () => {
    const script = await readFile(new URL('../../../../scripts/record-captcha-clips.sh', import.meta.url), 'utf8');
    expect(script).toContain(`ALPHABET="${captchaAlphabet}"`);
    expect(script).toContain(`LOCALES="${captchaLocales.join(' ')}"`);
  });
});

describe('spellOut', () => {
  const tone = (length: number) => Int16Array.from({ length }, (_, i) => (i % 2 ? 20_000 : -20_000));
  const set = { sampleRate: 1_000, clips: new Map([['A', tone(100)], ['F', tone(200)]]) };

  it('places each clip, slower or faster, with a pause between them, over babble well under the speech', () => {
    const pcm = parseWav(spellOut('AF', set));
    expect(pcm.sampleRate).toBe(1_000);
    // 300–500 ms lead, 100 + 200 samples of speech at 0.75–1.35 times their length, two 350–650 ms gaps, 300 ms tail.
    expect(pcm.samples.length).toBeGreaterThanOrEqual(300 + 220 + 700 + 300);
    expect(pcm.samples.length).toBeLessThanOrEqual(500 + 420 + 1300 + 300 + 60);
    const rms = (part: Int16Array) => Math.sqrt(part.reduce((sum, s) => sum + s * s, 0) / part.length);
    const lead = pcm.samples.subarray(0, 300);
    expect(rms(lead)).toBeGreaterThan(0);
    const loud = pcm.samples.filter((s) => Math.abs(s) > 10_000);
    expect(loud.length).toBeGreaterThan(50);
    expect(rms(lead)).toBeLessThan(rms(loud) / 3);
  });

  it('never carries a clip sample for sample: pitch and speed change per challenge', () => {
    const a = parseWav(spellOut('AF', set)).samples.length;
    const lengths = new Set([a, ...Array.from({ length: 8 }, () => parseWav(spellOut('AF', set)).samples.length)]);
    expect(lengths.size).toBeGreaterThan(1);
  });
});

describe('captchaAudioLocale', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-MA', 'fr'],
    ['en-GB', 'en'],
    ['ar_MA', 'ar'],
    ['AR', 'ar'],
    ['de', 'fr'],
    ['', 'fr'],
  ])('%j → %s', (input, expected) => {
    expect(captchaAudioLocale(input)).toBe(expected);
  });
});
