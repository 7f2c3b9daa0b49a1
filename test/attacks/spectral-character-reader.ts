import type { ClipSet } from '../../electron/core/verify/captcha/audio';
import { fft } from './fft';

/**
 * Names one spoken character, already cut out, by what a listener goes by: its spectral envelope over time (log
 * energies in mel-spaced bands, 32 ms frames every 10 ms, each band's mean removed), compared by dynamic time
 * warping with every shipped clip at five formant shifts. It does not look at the waveform, so the phase the
 * CAPTCHA scrambles does not matter to it; it is given the cut, which the babble of a real challenge hides.
 */

const FRAME = 512;
const HOP = 160;
const BANDS = 24;
const SHIFTS = [0.82, 0.91, 1, 1.1, 1.22];

type Features = Float64Array[];

function melBands(sampleRate: number): [number, number][] {
  const mel = (f: number) => 2595 * Math.log10(1 + f / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const low = mel(150);
  const high = mel(Math.min(5_500, sampleRate / 2));
  const edges = Array.from({ length: BANDS + 1 }, (_, i) => Math.round((hz(low + ((high - low) * i) / BANDS) * FRAME) / sampleRate));
  return edges.slice(0, -1).map((from, i) => [from, Math.max(from + 1, edges[i + 1])]);
}

function features(samples: ArrayLike<number>, sampleRate: number): Features {
  const bands = melBands(sampleRate);
  const frames: Features = [];
  for (let start = 0; start + FRAME <= samples.length; start += HOP) {
    const re = new Float64Array(FRAME);
    const im = new Float64Array(FRAME);
    for (let i = 0; i < FRAME; i++) re[i] = samples[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));
    fft(re, im, false);
    frames.push(Float64Array.from(bands, ([from, to]) => {
      let energy = 1e-3;
      for (let k = from; k < to; k++) energy += re[k] * re[k] + im[k] * im[k];
      return Math.log(energy / (to - from));
    }));
  }
  for (let b = 0; b < BANDS; b++) {
    const mean = frames.reduce((sum, f) => sum + f[b], 0) / (frames.length || 1);
    for (const f of frames) f[b] -= mean;
  }
  return frames;
}

function dtw(a: Features, b: Features): number {
  const distance = (x: Float64Array, y: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < BANDS; k++) sum += (x[k] - y[k]) ** 2;
    return Math.sqrt(sum);
  };
  let previous = new Float64Array(b.length + 1).fill(Infinity);
  previous[0] = 0;
  for (let i = 1; i <= a.length; i++) {
    const row = new Float64Array(b.length + 1).fill(Infinity);
    for (let j = 1; j <= b.length; j++) row[j] = distance(a[i - 1], b[j - 1]) + Math.min(previous[j], row[j - 1], previous[j - 1]);
    previous = row;
  }
  return previous[b.length] / (a.length + b.length);
}

function shifted(clip: Int16Array, rate: number): Float64Array {
  const out = new Float64Array(Math.floor((clip.length - 1) / rate));
  for (let i = 0; i < out.length; i++) {
    const at = i * rate;
    const k = Math.floor(at);
    out[i] = clip[k] + (at - k) * (clip[k + 1] - clip[k]);
  }
  return out;
}

export function spectralCharacterReader(set: ClipSet): (spoken: ArrayLike<number>) => string {
  const templates = [...set.clips].flatMap(([char, clip]) => SHIFTS.map((rate) => ({ char, features: features(shifted(clip, rate), set.sampleRate) })));
  return (spoken) => {
    const heard = features(spoken, set.sampleRate);
    let best = { char: '', cost: Infinity };
    for (const { char, features: template } of templates) {
      const cost = dtw(heard, template);
      if (cost < best.cost) best = { char, cost };
    }
    return best.char;
  };
}
