import fs from 'node:fs';

/** Large enough for any sensible logo, small enough that it can travel in every view model. */
export const logoMaxBytes = 256 * 1024;

export type LogoMediaType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff]);
// An SVG document may open with a byte order mark, an XML declaration, comments and a doctype before <svg>.
const svg = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i;

/** The type by content, not by file name: a renamed file is caught here rather than as a broken image on screen. */
export function logoMediaType(bytes: Buffer): LogoMediaType | undefined {
  if (bytes.subarray(0, png.length).equals(png)) return 'image/png';
  if (bytes.subarray(0, jpeg.length).equals(jpeg)) return 'image/jpeg';
  if (svg.test(bytes.subarray(0, 4096).toString('utf8'))) return 'image/svg+xml';
  return undefined;
}

export type LogoResult = { ok: true; dataUrl: string } | { ok: false; message: string };

/**
 * Reads the logo once, at start, into a `data:` URL that the view model carries: the renderer never reads files,
 * and the CSP's `img-src data:` lets it show the image. An SVG shown through `<img>` runs no script and loads nothing.
 */
export function readLogo(file: string): LogoResult {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, message: `${file} is not a file` };
    if (stat.size > logoMaxBytes) return { ok: false, message: `${file} is ${kilobytes(stat.size)}; a logo may be at most ${kilobytes(logoMaxBytes)}` };
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, message: `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  // Checked again on the bytes read, in case the file grew between the two calls.
  if (bytes.length > logoMaxBytes) return { ok: false, message: `${file} is ${kilobytes(bytes.length)}; a logo may be at most ${kilobytes(logoMaxBytes)}` };
  const type = logoMediaType(bytes);
  if (!type) return { ok: false, message: `${file} is not a PNG, JPEG or SVG image` };
  return { ok: true, dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
}

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
