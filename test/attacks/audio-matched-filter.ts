import { captchaLength } from '../../electron/core/verify/captcha/alphabet';
import type { ClipSet } from '../../electron/core/verify/captcha/audio';
import { parseWav } from '../../electron/core/verify/captcha/wav';
import { fft } from './fft';

/**
 * Reads a spoken CAPTCHA by sliding every shipped clip along the recording (normalized cross-correlation, through
 * an FFT) and keeping the five best non-overlapping matches. Each clip is also tried slightly faster and slower,
 * since plain resampling is the cheapest way to vary speech.
 */

const RATE_DIVISOR = 4;
const SPEEDS = [0.9, 0.95, 1, 1.05, 1.1];

function decimate(samples: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.floor(samples.length / RATE_DIVISOR));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = 0; k < RATE_DIVISOR; k++) sum += samples[i * RATE_DIVISOR + k];
    out[i] = sum / RATE_DIVISOR;
  }
  return out;
}

function resample(samples: Float64Array, speed: number): Float64Array {
  const out = new Float64Array(Math.floor(samples.length / speed));
  for (let i = 0; i < out.length; i++) {
    const at = i * speed;
    const k = Math.floor(at);
    out[i] = samples[k] + (at - k) * ((samples[k + 1] ?? samples[k]) - samples[k]);
  }
  return out;
}

function unitNorm(samples: Float64Array): Float64Array {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const centred = samples.map((s) => s - mean);
  const norm = Math.sqrt(centred.reduce((a, b) => a + b * b, 0)) || 1;
  return centred.map((s) => s / norm);
}

type Template = { char: string; samples: Float64Array };
type Match = { char: string; at: number; length: number; score: number };

export function audioMatchedFilter(set: ClipSet): (wav: Buffer) => string {
  const templates: Template[] = [];
  for (const [char, clip] of set.clips) {
    const base = decimate(clip);
    for (const speed of SPEEDS) templates.push({ char, samples: unitNorm(resample(base, speed)) });
  }
  const spectra = new Map<number, { re: Float64Array; im: Float64Array }[]>();
  const spectraFor = (n: number) => {
    let list = spectra.get(n);
    if (!list) {
      list = templates.map(({ samples }) => {
        const re = new Float64Array(n);
        const im = new Float64Array(n);
        re.set(samples);
        fft(re, im, false);
        return { re, im };
      });
      spectra.set(n, list);
    }
    return list;
  };

  return (wav) => {
    const signal = decimate(parseWav(wav).samples);
    const longest = Math.max(...templates.map((t) => t.samples.length));
    let n = 1;
    while (n < signal.length + longest) n <<= 1;
    const sre = new Float64Array(n);
    const sim = new Float64Array(n);
    sre.set(signal);
    fft(sre, sim, false);
    const energy = new Float64Array(signal.length + 1);
    for (let i = 0; i < signal.length; i++) energy[i + 1] = energy[i] + signal[i] * signal[i];

    const matches: Match[] = [];
    spectraFor(n).forEach((t, index) => {
      const { char, samples } = templates[index];
      const re = new Float64Array(n);
      const im = new Float64Array(n);
      // Correlation: signal spectrum times the conjugate of the template's.
      for (let i = 0; i < n; i++) {
        re[i] = sre[i] * t.re[i] + sim[i] * t.im[i];
        im[i] = sim[i] * t.re[i] - sre[i] * t.im[i];
      }
      fft(re, im, true);
      const length = samples.length;
      const last = signal.length - length;
      const scores = new Float64Array(Math.max(0, last + 1));
      for (let at = 0; at <= last; at++) {
        const windowEnergy = energy[at + length] - energy[at];
        scores[at] = windowEnergy > 0 ? re[at] / Math.sqrt(windowEnergy) : 0;
      }
      // Local maxima, then the best of those at least half a clip apart.
      const peaks: number[] = [];
      for (let at = 1; at < scores.length - 1; at++) {
        if (scores[at] > 0.15 && scores[at] >= scores[at - 1] && scores[at] > scores[at + 1]) peaks.push(at);
      }
      peaks.sort((a, b) => scores[b] - scores[a]);
      const kept: number[] = [];
      for (const at of peaks) {
        if (kept.length === 2 * captchaLength) break;
        if (kept.every((k) => Math.abs(k - at) > length >> 1)) kept.push(at);
      }
      for (const at of kept) matches.push({ char, at, length, score: scores[at] });
    });

    matches.sort((a, b) => b.score - a.score);
    const picked: Match[] = [];
    for (const m of matches) {
      if (picked.length === captchaLength) break;
      const overlaps = picked.some((p) => Math.min(p.at + p.length, m.at + m.length) - Math.max(p.at, m.at) > 0.3 * Math.min(p.length, m.length));
      if (!overlaps) picked.push(m);
    }
    return picked
      .sort((a, b) => a.at - b.at)
      .map((m) => m.char)
      .join('');
  };
}
