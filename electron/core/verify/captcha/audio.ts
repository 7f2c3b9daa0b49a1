import { randomFillSync, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captchaAlphabet, type CaptchaLocale } from './alphabet';
import { encodeWav, parseWav, type Pcm } from './wav';

export type ClipSet = { sampleRate: number; clips: Map<string, Int16Array> };

/** Reads `<dir>/<locale>/<char>.wav` for every character of the alphabet; all clips must share one sample rate. */
export async function loadClips(dir: string, locale: CaptchaLocale): Promise<ClipSet> {
  const clips = new Map<string, Int16Array>();
  let sampleRate: number | undefined;
  for (const char of captchaAlphabet) {
    const pcm = parseWav(await readFile(join(dir, locale, `${char}.wav`)));
    if (sampleRate !== undefined && pcm.sampleRate !== sampleRate) {
      throw new Error(`captcha clip ${locale}/${char}.wav is ${pcm.sampleRate} Hz, others ${sampleRate} Hz`);
    }
    sampleRate = pcm.sampleRate;
    clips.set(char, pcm.samples);
  }
  return { sampleRate: sampleRate ?? 16_000, clips };
}

// Timings and levels of the spoken answer. Gaps and loudness vary from one character to the next so the
// characters cannot be cut apart at fixed offsets, and noise runs under everything so no two clips are equal.
const LEAD_MS = [300, 500] as const;
const GAP_MS = [350, 650] as const;
const TAIL_MS = 300;
const GAIN_PERCENT = [75, 100] as const;
/** Peak of the uniform noise: about −40 dBFS RMS, under speech normalized to −3 dBFS peak. */
const NOISE_PEAK = 600;

function ms(sampleRate: number, value: number): number {
  return Math.round((sampleRate * value) / 1000);
}

/** The answer spelled out, character by character, over low noise; a WAV file. */
export function spellOut(answer: string, set: ClipSet): Buffer {
  const { sampleRate, clips } = set;
  const parts: { at: number; clip: Int16Array; gain: number }[] = [];
  let cursor = ms(sampleRate, randomInt(LEAD_MS[0], LEAD_MS[1] + 1));
  for (const char of answer) {
    const clip = clips.get(char);
    if (!clip) throw new Error(`no captcha clip for "${char}"`);
    parts.push({ at: cursor, clip, gain: randomInt(GAIN_PERCENT[0], GAIN_PERCENT[1] + 1) / 100 });
    cursor += clip.length + ms(sampleRate, randomInt(GAP_MS[0], GAP_MS[1] + 1));
  }
  const total = cursor + ms(sampleRate, TAIL_MS);

  const noise = new Int16Array(total);
  randomFillSync(noise);
  const mix = new Float32Array(total);
  for (let i = 0; i < total; i++) mix[i] = (noise[i] / 32768) * NOISE_PEAK;
  for (const { at, clip, gain } of parts) {
    for (let i = 0; i < clip.length; i++) mix[at + i] += clip[i] * gain;
  }

  const samples = new Int16Array(total);
  for (let i = 0; i < total; i++) samples[i] = Math.max(-32768, Math.min(32767, Math.round(mix[i])));
  const pcm: Pcm = { sampleRate, samples };
  return encodeWav(pcm);
}
