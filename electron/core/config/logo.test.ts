import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logoMaxBytes, logoMediaType, readLogo } from './logo';

/** A real 1×1 PNG. */
const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const svgText = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#0067b8"/></svg>';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-logo-'));
const write = (dir: string, name: string, bytes: Buffer | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};

describe('logoMediaType', () => {
  it.each([
    ['PNG', tinyPng, 'image/png'],
    ['JPEG', jpegStart, 'image/jpeg'],
    ['SVG', Buffer.from(svgText), 'image/svg+xml'],
    ['SVG with BOM, XML declaration, comment and doctype', Buffer.from(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svgText}`), 'image/svg+xml'],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00'), undefined],
    ['HTML', Buffer.from('<html><body><svg></svg></body></html>'), undefined],
    ['text', Buffer.from('logo'), undefined],
    ['empty file', Buffer.alloc(0), undefined],
  ])('%s → %s', (_name, bytes, type) => {
    expect(logoMediaType(bytes)).toBe(type);
  });
});

describe('readLogo', () => {
  it('turns a PNG, a JPEG or an SVG into a data: URL of the same bytes', () => {
    const dir = tmp();
    const cases = [
      [write(dir, 'logo.png', tinyPng), 'image/png', tinyPng],
      [write(dir, 'logo.jpg', jpegStart), 'image/jpeg', jpegStart],
      [write(dir, 'logo.svg', svgText), 'image/svg+xml', Buffer.from(svgText)],
    ] as const;
    for (const [file, type, bytes] of cases) {
      expect(readLogo(file)).toEqual({ ok: true, dataUrl: `data:${type};base64,${bytes.toString('base64')}` });
    }
  });

  it('goes by content, not by file name', () => {
    const dir = tmp();
    expect(readLogo(write(dir, 'logo.svg', tinyPng))).toMatchObject({ ok: true, dataUrl: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(readLogo(write(dir, 'logo.png', 'GIF89a'))).toEqual({ ok: false, message: `${path.join(dir, 'logo.png')} is not a PNG, JPEG or SVG image` });
  });

  it('accepts 256 KB and refuses one byte more', () => {
    const dir = tmp();
    const atLimit = Buffer.concat([tinyPng, Buffer.alloc(logoMaxBytes - tinyPng.length)]);
    expect(readLogo(write(dir, 'limit.png', atLimit)).ok).toBe(true);
    const over = write(dir, 'over.png', Buffer.concat([atLimit, Buffer.alloc(1)]));
    expect(readLogo(over)).toEqual({ ok: false, message: `${over} is 257 KB; a logo may be at most 256 KB` });
  });

  it('says why a file cannot be used: missing, a folder, unreadable', () => {
    const dir = tmp();
    expect(readLogo(path.join(dir, 'none.png'))).toEqual({ ok: false, message: `${path.join(dir, 'none.png')} cannot be read (ENOENT)` });
    expect(readLogo(dir)).toEqual({ ok: false, message: `${dir} is not a file` });
    const locked = write(dir, 'locked.png', tinyPng);
    fs.chmodSync(locked, 0o000);
    // root reads any file whatever its mode.
    const root = process.getuid?.() === 0;
    expect(readLogo(locked)).toEqual(root ? { ok: true, dataUrl: expect.stringMatching(/^data:image\/png;/) } : { ok: false, message: `${locked} cannot be read (EACCES)` });
  });
});
