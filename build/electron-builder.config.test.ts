import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captchaClipsDir, packagedClipsFolder } from '../electron/shell/captcha-clips-dir';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const load = async (file: string): Promise<Configuration> => (await import(pathToFileURL(path.join(root, 'build', file)).href)).default;
const release = await load('electron-builder.config.mjs');
const testFlavour = await load('electron-builder.test.config.mjs');
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
/** Every recorded CAPTCHA clip, as `<locale>/<char>.wav`. */
const clipsSource = captchaClipsDir({ packaged: false, resourcesPath: '', appPath: root });
const clipFiles = readdirSync(clipsSource, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.wav')).map((f) => f.split(path.sep).join('/')).sort();

describe('electron-builder configuration', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it.each([
    ['release', release],
    ['test flavour', testFlavour],
  ])('the %s config validates against electron-builder’s own schema', (_name, config) => {
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema check bites: a misspelled key or a wrong type is refused', () => {
    expect(validate({ ...release, asarUnpak: ['**/*.node'] })).toBe(false);
    expect(validate({ ...release, msi: { ...release.msi, perMachine: 'yes' } })).toBe(false);
  });

  it('names the app and its id', () => {
    expect(release).toMatchObject({ appId: 'org.guichet.app', productName: 'Guichet' });
  });

  it('hardens the release build with fuses', () => {
    expect(release.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('the test flavour differs only by the inspect arguments Playwright needs, and its output folder', () => {
    const { electronFuses, directories, ...rest } = testFlavour;
    const { electronFuses: releaseFuses, directories: releaseDirectories, ...releaseRest } = release;
    expect(rest).toEqual(releaseRest);
    expect(electronFuses).toEqual({ ...releaseFuses, enableNodeCliInspectArguments: true });
    expect(directories?.output).not.toBe(releaseDirectories?.output);
  });

  it('packs the built app into an asar, with native modules unpacked and rebuilt for Electron', () => {
    expect(release.asar).toBe(true);
    expect(release.asarUnpack).toContain('**/*.node');
    expect(release.npmRebuild).toBe(true);
    expect(release.files).toEqual(expect.arrayContaining(['out/**/*', '!out/host/**']));
  });

  it('ships the audio CAPTCHA clips as resources, where the shell looks for them in a packaged app', () => {
    expect(release.extraResources).toEqual([{ from: path.relative(root, clipsSource).split(path.sep).join('/'), to: packagedClipsFolder, filter: ['*/*.wav', 'font/*'] }]);
    expect(clipFiles.length).toBeGreaterThanOrEqual(3 * 16);
  });

  it('builds MSI and NSIS per machine for Windows, with a fixed upgrade code', () => {
    expect(JSON.stringify(release.win?.target)).toContain('"msi"');
    expect(JSON.stringify(release.win?.target)).toContain('"nsis"');
    expect(release.msi).toMatchObject({ perMachine: true });
    expect(release.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(release.nsis).toMatchObject({ perMachine: true, oneClick: false, allowElevation: true });
  });

  it('builds dmg and a pkg into /Applications for macOS, with no credentials in the file', () => {
    expect(JSON.stringify(release.mac?.target)).toContain('"dmg"');
    expect(JSON.stringify(release.mac?.target)).toContain('"pkg"');
    expect(release.pkg).toMatchObject({ installLocation: '/Applications', isRelocatable: false });
    const text = readFileSync(path.join(root, 'build/electron-builder.config.mjs'), 'utf8');
    for (const key of ['cscLink', 'cscKeyPassword', 'identity', 'appleId', 'appleIdPassword', 'teamId']) expect(text).not.toContain(`${key}:`);
  });

  it('builds AppImage, deb and rpm for Linux, depending on the Secret Service library keytar needs', () => {
    expect(release.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(release.deb?.depends).toContain('libsecret-1-0');
    expect(release.rpm?.depends).toContain('libsecret');
  });
});

/** The fuse wire after the sentinel: version, length, then one byte per fuse ('0' off, '1' on). */
const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
function fuseWire(binary: Buffer): string {
  const at = binary.indexOf(sentinel) + sentinel.length;
  return binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
}

/** File names in an asar archive, from its JSON header (Chromium pickle: sizes, then the JSON). */
function asarFiles(file: string): string[] {
  const data = readFileSync(file);
  const headerJson = data.subarray(16, 16 + data.readUInt32LE(12)).toString('utf8');
  const names: string[] = [];
  const walk = (node: { files?: Record<string, unknown> }, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const full = `${prefix}/${name}`;
      if ((child as { files?: unknown }).files) walk(child as { files: Record<string, unknown> }, full);
      else names.push(full);
    }
  };
  walk(JSON.parse(headerJson), '');
  return names;
}

describe('an unpacked Linux build, offline, with a stand-in Electron', () => {
  let work: string;
  let appDir: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'guichet-builder-'));
    // An "Electron" that is only a file carrying the fuse wire, in Electron's default state.
    const electronDist = path.join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# '), sentinel, Buffer.from([1, 8]), Buffer.from('10110001\n')]));
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    writeFileSync(path.join(electronDist, 'LICENSE'), '');
    writeFileSync(path.join(electronDist, 'version'), require('electron/package.json').version);
    // What electron-vite would have built, with things the `files` rules must leave out.
    const out = path.join(work, 'out');
    for (const [file, text] of Object.entries({
      'main/index.js': 'export {};\n',
      'main/index.js.map': '{}',
      'preload/preload.cjs': '"use strict";\n',
      'renderer/index.html': '<!doctype html>\n',
      'host/main.js': 'export {};\n',
    })) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), text);
    }
    // The release `files` rules, applied to the stand-in `out/` instead of the project's.
    const outRules = (release.files as string[]).filter((f) => f.replace(/^!/, '').startsWith('out/')).map((f) => f.replace('out/', ''));
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch[process.arch as 'x64' | 'arm64']),
      publish: 'never',
      config: {
        ...release,
        electronDist,
        // Rebuilding natives needs Electron's headers from the network; the ones in node_modules are packed as they are.
        npmRebuild: false,
        directories: { ...release.directories, output: path.join(work, 'dist') },
        files: [{ from: out, to: 'out', filter: outRules }, 'package.json'],
      },
    });
    appDir = path.join(work, 'dist', process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked');
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('puts the app in resources/app.asar with the built files and the runtime dependencies', () => {
    const files = asarFiles(path.join(appDir, 'resources', 'app.asar'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/preload.cjs', '/out/renderer/index.html']));
    expect(files).toEqual(expect.arrayContaining(['/node_modules/better-sqlite3/package.json', '/node_modules/better-sqlite3/lib/binding.js', '/node_modules/zod/package.json']));
    expect(files.filter((f) => f.startsWith('/out/host/') || (f.startsWith('/out/') && f.endsWith('.map')))).toEqual([]);
    expect(files.filter((f) => /\/node_modules\/(vitest|electron-builder|typescript)\//.test(f))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).main).toBe('out/main/index.js');
  });

  it('leaves the native modules outside the archive, in app.asar.unpacked', () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    // better-sqlite3 13 ships Node-API binaries, one per platform, in prebuilds/.
    expect(existsSync(path.join(unpacked, 'better-sqlite3', 'prebuilds', `${process.platform}-${process.arch}.node`))).toBe(true);
    expect(existsSync(path.join(unpacked, 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true);
    // N-API, so the prebuilt binary loads in Electron as it is, with no rebuild.
    const canvas = readdirSync(path.join(unpacked, '@napi-rs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node'));
    expect(canvas).toEqual([expect.stringMatching(/^canvas-linux-.*\/skia\.linux-.*\.node$/)]);
  });

  it('ships the image CAPTCHA font and its licence beside the clips', () => {
    const shipped = captchaClipsDir({ packaged: true, resourcesPath: path.join(appDir, 'resources'), appPath: '' });
    for (const file of ['font/noto-sans-bold.woff2', 'font/OFL.txt']) {
      expect(readFileSync(path.join(shipped, file)).equals(readFileSync(path.join(clipsSource, file)))).toBe(true);
    }
  });

  it('puts the audio CAPTCHA clips in resources/captcha-clips, every one of them, and none in the archive', () => {
    const shipped = captchaClipsDir({ packaged: true, resourcesPath: path.join(appDir, 'resources'), appPath: '' });
    const files = readdirSync(shipped, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/'));
    expect(files.filter((f) => f.endsWith('.wav')).sort()).toEqual(clipFiles);
    for (const file of clipFiles) expect(readFileSync(path.join(shipped, file)).equals(readFileSync(path.join(clipsSource, file)))).toBe(true);
    expect(asarFiles(path.join(appDir, 'resources', 'app.asar')).filter((f) => f.endsWith('.wav'))).toEqual([]);
  });

  it('names the executable guichet and flips the release fuses in it', () => {
    const wire = fuseWire(readFileSync(path.join(appDir, 'guichet')));
    // RunAsNode, CookieEncryption, NODE_OPTIONS, inspect, asar integrity, only-asar, browser V8 snapshot, file:// privileges.
    expect(wire).toBe('01001100');
  });
});
