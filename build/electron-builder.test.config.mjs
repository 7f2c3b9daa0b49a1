// @ts-check
import release from './electron-builder.config.mjs';

/**
 * The test flavour: the release build with the one fuse Playwright's Electron mode needs (it starts the app with
 * `--inspect=0` and `-r` to drive the main process). Never distributed.
 *
 * @type {import('electron-builder').Configuration}
 */
const config = {
  ...release,
  directories: { ...release.directories, output: 'dist/test' },
  electronFuses: { ...release.electronFuses, enableNodeCliInspectArguments: true },
};

export default config;
