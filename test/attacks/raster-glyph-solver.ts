import { createCanvas, loadImage } from '@napi-rs/canvas';
import { captchaLength } from '../../electron/core/verify/captcha/alphabet';

/**
 * Reads a CAPTCHA from its pixels, as a script would without any OCR engine: ink is thresholded, strokes thinner
 * than a glyph's (noise lines) are opened away, the ink is cut into five columns at the emptiest places near even
 * spacing, and each piece, scaled to a 16×16 grid, is named after its nearest neighbour among pieces of challenges
 * whose answers are known (the application is public: anyone can draw as many labelled challenges as they like).
 */

const GRID = 16;

type Bitmap = { width: number; height: number; ink: Uint8Array };

async function bitmapOf(image: string): Promise<Bitmap> {
  const data = Buffer.from(image.slice(image.indexOf(',') + 1), 'base64');
  const picture = await loadImage(data);
  // Vector images are drawn at twice their size, raster ones as they are.
  const scale = image.startsWith('data:image/svg') ? 2 : 1;
  const width = picture.width * scale;
  const height = picture.height * scale;
  const context = createCanvas(width, height).getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(picture, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4] * 0.3 + rgba[i * 4 + 1] * 0.59 + rgba[i * 4 + 2] * 0.11 < 128 ? 1 : 0;
  return open({ width, height, ink }, Math.max(1, Math.round(height / 60)));
}

function morph(b: Bitmap, radius: number, keep: (count: number, area: number) => boolean): Bitmap {
  const out = new Uint8Array(b.ink.length);
  const area = (2 * radius + 1) ** 2;
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      let count = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < b.height && xx >= 0 && xx < b.width) count += b.ink[yy * b.width + xx];
        }
      }
      out[y * b.width + x] = keep(count, area) ? 1 : 0;
    }
  }
  return { ...b, ink: out };
}

/** Erosion then dilation: lines thinner than the square go, glyph strokes stay. */
function open(b: Bitmap, radius: number): Bitmap {
  return morph(
    morph(b, radius, (count, area) => count === area),
    radius,
    (count) => count > 0,
  );
}

function columns(b: Bitmap): number[] {
  const sums = new Array<number>(b.width).fill(0);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) sums[x] += b.ink[y * b.width + x];
  return sums;
}

function pieces(b: Bitmap): number[][] {
  const sums = columns(b);
  const first = sums.findIndex((s) => s > 0);
  const last = sums.length - 1 - [...sums].reverse().findIndex((s) => s > 0);
  if (first < 0 || last <= first) return [];
  const step = (last - first) / captchaLength;
  const cuts = [first];
  for (let i = 1; i < captchaLength; i++) {
    const centre = Math.round(first + i * step);
    let best = centre;
    for (let x = Math.round(centre - step / 3); x <= centre + step / 3; x++) if (sums[x] < sums[best]) best = x;
    cuts.push(best);
  }
  cuts.push(last + 1);
  return cuts.slice(0, -1).map((from, i) => features(b, from, cuts[i + 1]));
}

/** The ink between two columns, cropped to its box and averaged onto a GRID × GRID square. */
function features(b: Bitmap, from: number, to: number): number[] {
  let top = b.height;
  let bottom = -1;
  for (let y = 0; y < b.height; y++) {
    for (let x = from; x < to; x++) {
      if (b.ink[y * b.width + x]) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  const cells = new Array<number>(GRID * GRID).fill(0);
  if (bottom < top) return cells;
  const h = bottom - top + 1;
  const w = to - from;
  for (let y = top; y <= bottom; y++) {
    for (let x = from; x < to; x++) {
      const cell = Math.min(GRID - 1, Math.floor(((y - top) * GRID) / h)) * GRID + Math.min(GRID - 1, Math.floor(((x - from) * GRID) / w));
      cells[cell] += b.ink[y * b.width + x];
    }
  }
  const cellArea = (h * w) / (GRID * GRID);
  return cells.map((c) => c / cellArea);
}

function distance(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

export function rasterGlyphSolver() {
  const known: { char: string; cells: number[] }[] = [];
  return {
    async train(image: string, answer: string): Promise<void> {
      (await bitmapOf(image).then(pieces)).forEach((cells, i) => known.push({ char: answer[i], cells }));
    },
    async read(image: string): Promise<string> {
      const found = pieces(await bitmapOf(image));
      return found
        .map((cells) => known.reduce((best, k) => (distance(k.cells, cells) < distance(best.cells, cells) ? k : best), known[0]).char)
        .join('');
    },
  };
}
