import { fileURLToPath } from 'node:url';
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { captchaFontFile, captchaImageSize, renderCaptchaImage } from './image';

const font = fileURLToPath(new URL(`./clips/${captchaFontFile}`, import.meta.url));

async function pixels(image: string) {
  const prefix = 'data:image/png;base64,';
  expect(image.startsWith(prefix)).toBe(true);
  const picture = await loadImage(Buffer.from(image.slice(prefix.length), 'base64'));
  const { createCanvas } = await import('@napi-rs/canvas');
  const context = createCanvas(picture.width, picture.height).getContext('2d');
  context.drawImage(picture, 0, 0);
  return { width: picture.width, height: picture.height, data: context.getImageData(0, 0, picture.width, picture.height).data };
}

describe('renderCaptchaImage', () => {
  it('draws a PNG at twice the 220 × 72 display size', async () => {
    const { width, height } = await pixels(renderCaptchaImage('AFHKM', font));
    expect(captchaImageSize).toEqual({ width: 220, height: 72 });
    expect([width, height]).toEqual([440, 144]);
  });

  it('keeps the contrast: mostly near-white paper with dark ink, nothing mid-grey in between for most pixels', async () => {
    const { data } = await pixels(renderCaptchaImage('AFHKM', font));
    let light = 0;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      const level = (data[i] + data[i + 1] + data[i + 2]) / 3;
      if (level > 200) light++;
      else if (level < 90) dark++;
    }
    const total = data.length / 4;
    expect(light / total).toBeGreaterThan(0.55);
    expect(dark / total).toBeGreaterThan(0.08);
    expect((light + dark) / total).toBeGreaterThan(0.85);
  });

  it('draws the same text differently each time', () => {
    expect(renderCaptchaImage('AFHKM', font)).not.toBe(renderCaptchaImage('AFHKM', font));
  });

  it('still draws, with the system font, when the shipped font is missing', async () => {
    const { width } = await pixels(renderCaptchaImage('AFHKM', '/nowhere/font.woff2'));
    expect(width).toBe(440);
  });
});
