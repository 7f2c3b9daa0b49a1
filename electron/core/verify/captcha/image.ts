import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

/** Shown at 220 × 72 CSS pixels (the renderer sets that size); drawn at twice that for sharp kiosk screens. */
export const captchaImageSize = { width: 220, height: 72 } as const;
const SCALE = 2;
const W = captchaImageSize.width * SCALE;
const H = captchaImageSize.height * SCALE;

/** The image font, shipped beside the clips (`<clips>/font/`), so every kiosk draws the same shapes whatever its OS. */
export const captchaFontFile = join('font', 'noto-sans-bold.woff2');
const FAMILY = 'Guichet CAPTCHA';
const registered = new Set<string>();

/** Registers the shipped font once per file; without it (a broken install) the system's sans-serif still draws. */
function useFont(file: string): string {
  if (!registered.has(file) && existsSync(file)) {
    // Read through Node's fs, which also reads inside an asar archive; the native side is only given bytes.
    GlobalFonts.register(readFileSync(file), FAMILY);
    registered.add(file);
  }
  return `"${FAMILY}", sans-serif`;
}

/** A uniform draw in [min, max] from the CSPRNG, in steps of 1/1000. */
function between(min: number, max: number): number {
  return min + (randomInt(0, 1001) / 1000) * (max - min);
}

function ink(): string {
  const level = randomInt(0x18, 0x38);
  return `rgb(${level}, ${level}, ${level + randomInt(0, 12)})`;
}

/**
 * Each glyph on its own size, slant, lean and height, close enough to its neighbours to touch them, so the
 * characters cannot be cut apart at blank columns.
 */
function drawGlyphs(context: SKRSContext2D, text: string, family: string): void {
  const glyphs = [...text].map((char) => {
    const size = between(92, 112);
    context.font = `${size}px ${family}`;
    const stretch = between(0.8, 1.1);
    const width = context.measureText(char).width * stretch;
    return { char, size, stretch, width, advance: width * between(0.72, 0.86) };
  });
  const total = glyphs.reduce((sum, g) => sum + g.advance, 0) + glyphs[glyphs.length - 1].width * 0.3;
  let x = (W - total) / 2 + between(-10, 10);
  const baseline = H / 2 + between(-6, 6);
  for (const g of glyphs) {
    context.save();
    context.translate(x + g.width / 2, baseline + between(-12, 12));
    context.rotate(between(-0.38, 0.38));
    context.transform(1, 0, between(-0.35, 0.35), 1, 0, 0);
    context.scale(g.stretch, between(0.88, 1.08));
    context.font = `${g.size}px ${family}`;
    context.fillStyle = ink();
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(g.char, 0, 0);
    context.restore();
    x += g.advance;
  }
}

function curve(context: SKRSContext2D, width: number, color: string): void {
  context.beginPath();
  context.moveTo(between(-20, W * 0.15), between(0, H));
  context.bezierCurveTo(between(W * 0.2, W * 0.5), between(-H / 2, H * 1.5), between(W * 0.5, W * 0.8), between(-H / 2, H * 1.5), between(W * 0.85, W + 20), between(0, H));
  context.lineWidth = width;
  context.strokeStyle = color;
  context.lineCap = 'round';
  context.stroke();
}

/** Dark strokes through the text as thick as a glyph's thinner parts, and white ones that cut the glyphs. */
function drawStrokes(context: SKRSContext2D): void {
  for (let i = randomInt(2, 4); i > 0; i--) curve(context, between(4, 6), ink());
  for (let i = randomInt(1, 3); i > 0; i--) curve(context, between(2, 3), '#ffffff');
}

/**
 * Moves every pixel along a smooth random field (two waves in each direction), so no glyph keeps the font's shape
 * and no two challenges share one.
 */
function warp(context: SKRSContext2D): void {
  const source = context.getImageData(0, 0, W, H);
  const target = context.createImageData(W, H);
  const wave = () => ({ amplitude: between(2.5, 4.5), length: between(110, 220), phase: between(0, 2 * Math.PI) });
  const [ax, bx, ay, by] = [wave(), wave(), wave(), wave()];
  const from = source.data;
  const to = target.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = x + ax.amplitude * Math.sin((2 * Math.PI * y) / ax.length + ax.phase) + bx.amplitude * Math.sin((2 * Math.PI * (x + y)) / bx.length + bx.phase);
      const sy = y + ay.amplitude * Math.sin((2 * Math.PI * x) / ay.length + ay.phase) + by.amplitude * Math.sin((2 * Math.PI * (x - y)) / by.length + by.phase);
      const x0 = Math.max(0, Math.min(W - 2, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(H - 2, Math.floor(sy)));
      const fx = Math.max(0, Math.min(1, sx - x0));
      const fy = Math.max(0, Math.min(1, sy - y0));
      const at = (y * W + x) * 4;
      const a = (y0 * W + x0) * 4;
      const b = a + W * 4;
      for (let c = 0; c < 3; c++) {
        const top = from[a + c] + fx * (from[a + 4 + c] - from[a + c]);
        const bottom = from[b + c] + fx * (from[b + 4 + c] - from[b + c]);
        to[at + c] = top + fy * (bottom - top);
      }
      to[at + 3] = 255;
    }
  }
  context.putImageData(target, 0, 0);
}

/** Specks of ink and of white, and a light grain over everything. */
function drawSpecks(context: SKRSContext2D): void {
  for (let i = randomInt(100, 160); i > 0; i--) {
    context.beginPath();
    context.arc(between(0, W), between(0, H), between(1, 2.6), 0, 2 * Math.PI);
    context.fillStyle = randomInt(0, 2) ? ink() : '#ffffff';
    context.fill();
  }
  const image = context.getImageData(0, 0, W, H);
  const grain = new Uint8Array(W * H);
  crypto.getRandomValues(grain);
  for (let i = 0; i < grain.length; i++) {
    const shift = (grain[i] % 41) - 20;
    for (let c = 0; c < 3; c++) image.data[i * 4 + c] = Math.max(0, Math.min(255, image.data[i * 4 + c] + shift));
  }
  context.putImageData(image, 0, 0);
}

/**
 * The answer as a PNG data URL: dark grey on white whatever the theme, every glyph shaped, placed and warped anew
 * for each challenge, crossed by strokes and specks. Only pixels reach the renderer: no text, no outlines.
 */
export function renderCaptchaImage(text: string, fontFile?: string): string {
  const canvas = createCanvas(W, H);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, W, H);
  drawGlyphs(context, text, fontFile ? useFont(fontFile) : 'sans-serif');
  drawStrokes(context);
  warp(context);
  drawSpecks(context);
  return `data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`;
}
