import path from 'node:path';

/** Where electron-builder's `extraResources` puts the clips in a packaged app (build/electron-builder.config.mjs). */
export const packagedClipsFolder = 'captcha-clips';

/**
 * The audio CAPTCHA's recorded clips (`<locale>/<char>.wav`). A packaged app ships them beside app.asar, in its
 * resources folder; Electron started from a checkout reads them where they are kept in the sources. The bundled main
 * script lives in out/main/, where no clips are, so the shell always names the folder.
 */
export function captchaClipsDir(opts: { packaged: boolean; resourcesPath: string; appPath: string }): string {
  return opts.packaged ? path.join(opts.resourcesPath, packagedClipsFolder) : path.join(opts.appPath, 'electron', 'core', 'verify', 'captcha', 'clips');
}
