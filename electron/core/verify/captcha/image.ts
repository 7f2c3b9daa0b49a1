import { createRequire } from 'node:module';

// svg-captcha's typings only describe its random-text helpers; the module itself is a function that draws a
// given text, which is what is needed here since the answer comes from a CSPRNG.
type DrawOptions = { width: number; height: number; fontSize: number; noise: number; color: boolean };
const drawCaptcha = createRequire(import.meta.url)('svg-captcha') as (text: string, options: DrawOptions) => string;

const options: DrawOptions = { width: 220, height: 72, fontSize: 64, noise: 4, color: false };

/**
 * The answer drawn as glyph outlines among noise curves, as a data URL. Dark grey on white whatever the theme:
 * svg-captcha switches to random (sometimes pale) colors when given a background, so the white is added here.
 */
export function renderCaptchaImage(text: string): string {
  const svg = drawCaptcha(text, options).replace(/^(<svg[^>]*>)/, '$1<rect width="100%" height="100%" fill="#ffffff"/>');
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
