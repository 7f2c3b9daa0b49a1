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
// characters cannot be cut apart at fixed offsets; pitch, speed and the babble under them change with every
// challenge, so no recording carries a shipped clip as it is.
const LEAD_MS = [300, 500] as const;
const GAP_MS = [350, 650] as const;
const TAIL_MS = 300;
// Per character, in thousandths: pitch and formants (resampling moves both), speed, a glide across the character
// (end against start) and a wobble of 1 to 3 turns. A template matched at one fixed rate lines up with a few
// tens of milliseconds of it at most; a listener hears a voice whose intonation moves.
const PITCH = [820, 1220] as const;
const SPEED = [800, 1250] as const;
const GLIDE = 300;
const WOBBLE = 80;
/** Each overlap-add frame is read up to this far from its place: the waveform keeps no phase from frame to frame. */
const JITTER_MS = 4;
const GAIN_PERCENT = [75, 100] as const;
/** Peak of the uniform noise: about −40 dBFS RMS, under speech normalized to −3 dBFS peak. */
const NOISE_PEAK = 600;

function ms(sampleRate: number, value: number): number {
  return Math.round((sampleRate * value) / 1000);
}

/**
 * Linear-interpolation resampling at a rate that moves while the character is spoken: `rate(t)` times faster at
 * the fraction `t` of the clip, so higher and shorter there.
 */
function resample(clip: Float32Array, rate: (t: number) => number): Float32Array {
  const out: number[] = [];
  for (let at = 0; at < clip.length - 1; at += rate(at / clip.length)) {
    const k = Math.floor(at);
    out.push(clip[k] + (at - k) * (clip[k + 1] - clip[k]));
  }
  return Float32Array.from(out);
}

/** Overlap-add of Hann-windowed frames at a random hop: longer or shorter at the same pitch. */
function stretch(clip: Float32Array, factor: number, sampleRate: number): Float32Array {
  const frame = ms(sampleRate, randomInt(24, 36));
  const hopOut = frame >> 1;
  const hopIn = hopOut / factor;
  const jitter = ms(sampleRate, JITTER_MS);
  const out = new Float32Array(Math.ceil(clip.length * factor) + frame);
  const weight = new Float32Array(out.length);
  for (let n = 0; n * hopIn + frame < clip.length; n++) {
    const from = Math.max(0, Math.min(clip.length - frame, Math.round(n * hopIn) + randomInt(-jitter, jitter + 1)));
    for (let i = 0; i < frame; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame);
      out[n * hopOut + i] += clip[from + i] * w;
      weight[n * hopOut + i] += w;
    }
  }
  for (let i = 0; i < out.length; i++) if (weight[i] > 0.1) out[i] /= weight[i];
  return out;
}

/**
 * One spoken character, its pitch and its speed changed apart from each other, the pitch gliding and wobbling as
 * it is said, its frames a few milliseconds off their places.
 */
export function voice(clip: Int16Array, sampleRate: number): Float32Array {
  const pitch = randomInt(PITCH[0], PITCH[1] + 1) / 1000;
  const speed = randomInt(SPEED[0], SPEED[1] + 1) / 1000;
  const glide = randomInt(-GLIDE, GLIDE + 1) / 1000;
  const wobble = randomInt(0, WOBBLE + 1) / 1000;
  const turns = randomInt(10, 31) / 10;
  const phase = (randomInt(0, 1000) / 1000) * 2 * Math.PI;
  const rate = (t: number) => pitch * (1 + glide * (t - 0.5) + wobble * Math.sin(2 * Math.PI * turns * t + phase));
  return stretch(resample(Float32Array.from(clip), rate), pitch / speed, sampleRate);
}

/** Several voices of reversed, re-pitched clips run on under the answer: speech-like, but no letter in it. */
function babble(total: number, set: ClipSet): Float32Array {
  const clips = [...set.clips.values()];
  const out = new Float32Array(total);
  for (let v = randomInt(3, 5); v > 0; v--) {
    let at = randomInt(0, ms(set.sampleRate, 300));
    while (at < total) {
      const spoken = voice(clips[randomInt(clips.length)].slice().reverse(), set.sampleRate);
      const gain = randomInt(10, 17) / 100;
      for (let i = 0; i < spoken.length && at + i < total; i++) out[at + i] += spoken[i] * gain;
      at += spoken.length - ms(set.sampleRate, randomInt(0, 120));
    }
  }
  return out;
}

/** The answer spelled out, each character at its own pitch and speed, over babble and low noise; a WAV file. */
export function spellOut(answer: string, set: ClipSet): Buffer {
  const { sampleRate, clips } = set;
  const parts: { at: number; clip: Float32Array; gain: number }[] = [];
  let cursor = ms(sampleRate, randomInt(LEAD_MS[0], LEAD_MS[1] + 1));
  for (const char of answer) {
    const clip = clips.get(char);
    if (!clip) throw new Error(`no captcha clip for "${char}"`);
    const spoken = voice(clip, sampleRate);
    parts.push({ at: cursor, clip: spoken, gain: randomInt(GAIN_PERCENT[0], GAIN_PERCENT[1] + 1) / 100 });
    cursor += spoken.length + ms(sampleRate, randomInt(GAP_MS[0], GAP_MS[1] + 1));
  }
  const total = cursor + ms(sampleRate, TAIL_MS);

  const noise = new Int16Array(total);
  randomFillSync(noise);
  const mix = babble(total, set);
  for (let i = 0; i < total; i++) mix[i] += (noise[i] / 32768) * NOISE_PEAK;
  for (const { at, clip, gain } of parts) {
    for (let i = 0; i < clip.length; i++) mix[at + i] += clip[i] * gain;
  }

  const samples = new Int16Array(total);
  for (let i = 0; i < total; i++) samples[i] = Math.max(-32768, Math.min(32767, Math.round(mix[i])));
  const pcm: Pcm = { sampleRate, samples };
  return encodeWav(pcm);
}
