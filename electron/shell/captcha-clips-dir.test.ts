import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captchaAlphabet, captchaLocales } from '../core/verify/captcha/alphabet';
import { captchaClipsDir } from './captcha-clips-dir';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('captchaClipsDir', () => {
  it('a packaged app reads the clips from its resources folder, beside app.asar', () => {
    expect(captchaClipsDir({ packaged: true, resourcesPath: '/opt/Guichet/resources', appPath: '/opt/Guichet/resources/app.asar' })).toBe(
      path.join('/opt/Guichet/resources', 'captcha-clips'),
    );
  });

  it('Electron started from a checkout reads them from the sources, where every clip is', () => {
    const dir = captchaClipsDir({ packaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: root });
    for (const locale of captchaLocales) for (const char of captchaAlphabet) expect(existsSync(path.join(dir, locale, `${char}.wav`)), `${locale}/${char}`).toBe(true);
  });
});
