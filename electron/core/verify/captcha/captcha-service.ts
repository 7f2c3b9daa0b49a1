import { randomInt, timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../clock';
import { captchaAlphabet, captchaAudioLocale, captchaLength, type CaptchaLocale } from './alphabet';
import { loadClips, spellOut, type ClipSet } from './audio';
import { captchaFontFile, renderCaptchaImage } from './image';

/** Kept on the main side with the visitor's session; only the image or the audio ever reaches the renderer. */
export type CaptchaChallenge = { answer: string; expiresAt: number; used: boolean };

export type CaptchaServiceOptions = {
  clock: Clock;
  /** How long a challenge may be answered. */
  ttlMs?: number;
  /** Folder with `<locale>/<char>.wav` and the image font (`font/`); a packaged build points it at its copy of `clips/`. */
  clipsDir?: string;
};

const DEFAULT_TTL_MS = 120_000;
// Not `new URL('./clips/', import.meta.url)`: bundlers rewrite that form as an asset import.
const defaultClipsDir = () => join(dirname(fileURLToPath(import.meta.url)), 'clips');

function normalize(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export class CaptchaService {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly clipsDir: string;
  private readonly clipSets = new Map<CaptchaLocale, Promise<ClipSet>>();

  constructor(options: CaptchaServiceOptions) {
    this.clock = options.clock;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.clipsDir = options.clipsDir ?? defaultClipsDir();
  }

  create(): { challenge: CaptchaChallenge; image: string } {
    let answer = '';
    for (let i = 0; i < captchaLength; i++) answer += captchaAlphabet[randomInt(captchaAlphabet.length)];
    const challenge: CaptchaChallenge = { answer, expiresAt: this.clock.now() + this.ttlMs, used: false };
    return { challenge, image: renderCaptchaImage(answer, join(this.clipsDir, captchaFontFile)) };
  }

  /** One try per challenge: a wrong answer burns it too, so guesses cost a new image each time. */
  check(challenge: CaptchaChallenge, input: string): boolean {
    const fresh = !challenge.used && this.clock.now() < challenge.expiresAt;
    challenge.used = true;
    if (!fresh) return false;
    const given = Buffer.from(normalize(input), 'utf8');
    const expected = Buffer.from(normalize(challenge.answer), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The answer spoken in the visitor's language (French when it has no clips), as a 16 kHz mono WAV. */
  async audio(challenge: CaptchaChallenge, locale: string): Promise<Buffer> {
    return spellOut(normalize(challenge.answer), await this.clips(captchaAudioLocale(locale)));
  }

  private clips(locale: CaptchaLocale): Promise<ClipSet> {
    let set = this.clipSets.get(locale);
    if (!set) {
      set = loadClips(this.clipsDir, locale);
      // A failed read is not cached, so a fixed installation recovers without a restart.
      set.catch(() => this.clipSets.delete(locale));
      this.clipSets.set(locale, set);
    }
    return set;
  }
}
