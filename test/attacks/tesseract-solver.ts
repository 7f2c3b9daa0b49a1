import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { captchaAlphabet } from '../../electron/core/verify/captcha/alphabet';

/**
 * Off-the-shelf OCR (Debian's tesseract-ocr) on the CAPTCHA image, told the alphabet and that the image is one line
 * of text. Vector images are rasterized at twice their size first, which is what tesseract reads best.
 */

const run = promisify(execFile);

async function asPng(image: string): Promise<Buffer> {
  const data = Buffer.from(image.slice(image.indexOf(',') + 1), 'base64');
  if (image.startsWith('data:image/png')) return data;
  const picture = await loadImage(data);
  const canvas = createCanvas(picture.width * 2, picture.height * 2);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(picture, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/png');
}

export async function tesseractRead(image: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'guichet-ocr-'));
  try {
    const file = join(dir, 'captcha.png');
    await writeFile(file, await asPng(image));
    const { stdout } = await run('tesseract', [file, 'stdout', '--psm', '7', '-c', `tessedit_char_whitelist=${captchaAlphabet}`], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    return stdout.replace(/\s+/g, '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
