import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Locator } from '@playwright/test';
import { expect, step, test } from './fixtures';
import { reachPasswordStep } from './flows';

test.use({ deviceScaleFactor: 4 });

/**
 * Which way a glyph points, read from its pixels: the ink's height in the first and last tenth of its width. A
 * chevron (">") points to its narrow end, an arrow ("←") to its wide end, the head.
 */
async function pointing(glyph: Locator, shape: 'chevron' | 'arrow'): Promise<'left' | 'right'> {
  const image = await loadImage(await glyph.screenshot());
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
  const ink = (x: number, y: number) => data[(y * width + x) * 4] < 128;
  const columns = Array.from({ length: width }, (_, x) => {
    const rows = Array.from({ length: height }, (_, y) => y).filter((y) => ink(x, y));
    return rows.length ? rows[rows.length - 1] - rows[0] : -1;
  });
  const inked = columns.map((extent, x) => [extent, x]).filter(([extent]) => extent >= 0);
  const tenth = Math.max(1, Math.round(inked.length / 10));
  const mean = (part: number[][]) => part.reduce((sum, [extent]) => sum + extent, 0) / part.length;
  const leftWider = mean(inked.slice(0, tenth)) > mean(inked.slice(-tenth));
  return (shape === 'arrow') === leftWider ? 'left' : 'right';
}

test('the breadcrumb separator points to the next step: right in French, left in Arabic', async ({ app, host }) => {
  await reachPasswordStep(app, host.dataDir);
  const separator = app.locator('.crumb-separator').first();
  expect(await pointing(separator, 'chevron')).toBe('right');
  await app.getByRole('button', { name: 'العربية' }).click();
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  // Step 1 is on the right in Arabic, the password step on its left.
  const [done, current] = await Promise.all([app.locator('.crumb.done').boundingBox(), app.locator('.crumb.current').boundingBox()]);
  expect(current!.x).toBeLessThan(done!.x);
  expect(await pointing(separator, 'chevron')).toBe('left');
});

test('the back arrow of the account chip points back: left in French, right in Arabic', async ({ app }) => {
  await app.getByRole('button', { name: 'Se connecter' }).click();
  await app.getByLabel("E-mail ou nom d'utilisateur").fill('salma.idrissi');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await step(app, 'signin-password');
  const arrow = app.locator('.chip-back .arrow');
  expect(await pointing(arrow, 'arrow')).toBe('left');
  await app.getByRole('button', { name: 'العربية' }).click();
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await pointing(arrow, 'arrow')).toBe('right');
});
