import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captchaAlphabet, captchaLength } from './alphabet';
import { CaptchaService, type CaptchaChallenge } from './captcha-service';
import { parseWav } from './wav';

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function challengeOf(answer: string, expiresAt = Number.MAX_SAFE_INTEGER): CaptchaChallenge {
  return { answer, expiresAt, used: false };
}

function pngOf(image: string): Buffer {
  const prefix = 'data:image/png;base64,';
  expect(image.startsWith(prefix)).toBe(true);
  return Buffer.from(image.slice(prefix.length), 'base64');
}

describe('CaptchaService.create', () => {
  it('draws an answer of five characters from the alphabet, each time a new one', () => {
    const service = new CaptchaService({ clock: manualClock() });
    const answers = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { challenge } = service.create();
      expect(challenge.answer).toHaveLength(captchaLength);
      expect([...challenge.answer].every((c) => captchaAlphabet.includes(c))).toBe(true);
      answers.add(challenge.answer);
    }
    expect(answers.size).toBeGreaterThan(45);
  });

  it('expires after two minutes by default, or the configured time', () => {
    const clock = manualClock();
    expect(new CaptchaService({ clock }).create().challenge.expiresAt).toBe(clock.now() + 120_000);
    expect(new CaptchaService({ clock, ttlMs: 30_000 }).create().challenge).toEqual(
      expect.objectContaining({ expiresAt: clock.now() + 30_000, used: false }),
    );
  });

  it('returns a PNG image, with no trace of the answer in its bytes', () => {
    const { challenge, image } = new CaptchaService({ clock: manualClock() }).create();
    const png = pngOf(image);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.toString('latin1')).not.toContain(challenge.answer);
  });
});

describe('CaptchaService.check', () => {
  it('accepts the right answer once', () => {
    const service = new CaptchaService({ clock: manualClock() });
    const { challenge } = service.create();
    expect(service.check(challenge, challenge.answer)).toBe(true);
    expect(challenge.used).toBe(true);
    expect(service.check(challenge, challenge.answer)).toBe(false);
  });

  it('ignores case and surrounding spaces', () => {
    const service = new CaptchaService({ clock: manualClock() });
    expect(service.check(challengeOf('AF7KX'), '  af7kx \n')).toBe(true);
    expect(service.check(challengeOf('AF7KX'), 'aF 7k X')).toBe(true);
  });

  it('refuses a wrong answer and burns the challenge', () => {
    const service = new CaptchaService({ clock: manualClock() });
    const challenge = challengeOf('AF7KX');
    expect(service.check(challenge, 'AF7KY')).toBe(false);
    expect(challenge.used).toBe(true);
    expect(service.check(challenge, 'AF7KX')).toBe(false);
  });

  it.each(['', 'AF7K', 'AF7KXX', 'ÀF7KX'])('refuses %j', (input) => {
    const service = new CaptchaService({ clock: manualClock() });
    expect(service.check(challengeOf('AF7KX'), input)).toBe(false);
  });

  it('refuses an expired challenge, even with the right answer', () => {
    const clock = manualClock();
    const service = new CaptchaService({ clock });
    const early = service.create().challenge;
    const late = service.create().challenge;
    clock.advance(119_999);
    expect(service.check(early, early.answer)).toBe(true);
    clock.advance(1);
    expect(service.check(late, late.answer)).toBe(false);
    expect(late.used).toBe(true);
  });
});

describe('CaptchaService.audio', () => {
  const service = new CaptchaService({ clock: manualClock() });

  it.each(['fr', 'en', 'ar', 'ar-MA', 'de'])('speaks the answer as a 16 kHz mono WAV in %s', async (locale) => {
    const wav = await service.audio(challengeOf('AF7KX'), locale);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    const pcm = parseWav(wav);
    expect(pcm.sampleRate).toBe(16_000);
    const seconds = pcm.samples.length / pcm.sampleRate;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(10);
  });

  it('grows with the answer', async () => {
    const lengths = [];
    for (const answer of ['A', 'AAA', 'AAAAA']) lengths.push(parseWav(await service.audio(challengeOf(answer), 'fr')).samples.length);
    // Each character adds its clip and a pause of at least 350 ms; the lead varies by at most 200 ms.
    const atLeast = 2 * 0.35 * 16_000 - 0.2 * 16_000;
    expect(lengths[1] - lengths[0]).toBeGreaterThan(atLeast);
    expect(lengths[2] - lengths[1]).toBeGreaterThan(atLeast);
  });

  it('is never the same file twice', async () => {
    const challenge = challengeOf('AF7KX');
    const first = await service.audio(challenge, 'en');
    const second = await service.audio(challenge, 'en');
    expect(first.equals(second)).toBe(false);
  });

  it('accepts a lowercase answer', async () => {
    const pcm = parseWav(await service.audio(challengeOf('af7kx'), 'en'));
    expect(pcm.samples.length).toBeGreaterThan(0);
  });

  it('fails loudly when a character has no clip', async () => {
    await expect(service.audio(challengeOf('A0'), 'fr')).rejects.toThrow(/no captcha clip/);
  });

  describe('with a clips folder that is missing', () => {
    let dir = '';
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('rejects, then recovers once the clips are there', async () => {
      dir = await mkdtemp(join(tmpdir(), 'guichet-clips-'));
      const broken = new CaptchaService({ clock: manualClock(), clipsDir: join(dir, 'nowhere') });
      await expect(broken.audio(challengeOf('AF7KX'), 'fr')).rejects.toThrow(/ENOENT/);
      await cp(new URL('./clips/', import.meta.url), join(dir, 'nowhere'), { recursive: true });
      expect(parseWav(await broken.audio(challengeOf('AF7KX'), 'fr')).sampleRate).toBe(16_000);
    });
  });
});
