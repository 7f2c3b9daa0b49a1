#!/usr/bin/env node
/**
 * Makes better-sqlite3 and keytar loadable by one runtime: `node scripts/native-modules.mjs node|electron`.
 * Both are Node-API addons today (better-sqlite3 13 ships prebuilt ones, keytar builds against libsecret), so one
 * build normally loads in Node and in Electron alike; but an addon built against one runtime's own ABI does not load
 * in the other, so `npm start` checks them for Electron and `npm test` for Node, and rebuilds on an ABI error. A run that finds
 * them already right is a no-op: the last build is recorded in node_modules/.guichet-native-abi.json with the
 * binaries' hashes (so a rebuild by anything else, e.g. electron-builder, is noticed), and an unrecorded state is
 * probed by loading the modules in the target runtime before anything is rebuilt. @napi-rs/canvas is native too but
 * N-API with prebuilt binaries per platform: one binary loads in Node and Electron alike, so it is not listed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(path.join(root, 'package.json'));
const modules = ['better-sqlite3', 'keytar'];
const recordFile = path.join(root, 'node_modules', '.guichet-native-abi.json');
const say = (line) => process.stdout.write(`native modules: ${line}\n`);

const runtime = process.argv[2];
if (runtime !== 'node' && runtime !== 'electron') {
  process.stderr.write('usage: node scripts/native-modules.mjs node|electron\n');
  process.exit(2);
}

const packageDir = (name) => {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
};

/** Every compiled or shipped addon of the modules, hashed: what a build for one runtime or another changes. */
function fingerprint() {
  const files = {};
  for (const name of modules) {
    const dir = packageDir(name);
    if (!dir) continue;
    // node-gyp builds into build/Release; better-sqlite3 13 also ships Node-API binaries in prebuilds/.
    for (const sub of [path.join('build', 'Release'), 'prebuilds']) {
      const folder = path.join(dir, sub);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.node')).sort()) {
        files[`${name}/${sub.split(path.sep).join('/')}/${file}`] = createHash('sha256').update(readFileSync(path.join(folder, file))).digest('hex');
      }
    }
  }
  return files;
}

/**
 * The Electron binary, fetched first when missing: since Electron 42 the electron package no longer downloads it on
 * install but on the first require, which would happen later, inside electron-vite, after this build. Reading
 * path.txt instead of requiring the package keeps ELECTRON_SKIP_BINARY_DOWNLOAD=1 (CI, offline machines) offline.
 */
function electronTarget() {
  const dir = packageDir('electron');
  if (!dir) return null;
  const version = require('electron/package.json').version;
  const binary = () => {
    const file = existsSync(path.join(dir, 'path.txt')) ? readFileSync(path.join(dir, 'path.txt'), 'utf8') : null;
    // The same lookup as the electron package's own index.js.
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const full = override ? path.join(override, file || 'electron') : file && path.join(dir, 'dist', file);
    return full && existsSync(full) ? full : null;
  };
  if (!binary() && !/^(1|true)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '')) {
    say(`fetching the Electron ${version} binary…`);
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: 'inherit' });
  }
  const found = binary();
  return found ? { runtime: 'electron', version, arch: process.arch, binary: found } : null;
}

const target =
  runtime === 'node' ? { runtime: 'node', version: process.versions.node, arch: process.arch, binary: process.execPath } : electronTarget();

if (!target) {
  say('the Electron binary is not here (ELECTRON_SKIP_BINARY_DOWNLOAD, or its download failed), nothing to build for it.');
  process.exit(0);
}
const missing = modules.filter((m) => !packageDir(m));
if (missing.length > 0) {
  say(`${missing.join(', ')} not installed yet, nothing to do.`);
  process.exit(0);
}

const sameTarget = (a, b) => !!a && a.runtime === b.runtime && a.version === b.version && a.arch === b.arch;
const sameFiles = (a, b) => !!a && JSON.stringify(a) === JSON.stringify(b);

function readRecord() {
  try {
    return JSON.parse(readFileSync(recordFile, 'utf8'));
  } catch {
    return null;
  }
}

const abiError = /NODE_MODULE_VERSION|did not self-register|invalid ELF header|wrong ELF class|compiled against a different|not a valid Win32 application|incompatible architecture/i;

/** Loads both modules in the target runtime, in a child process so a failed dlopen leaves nothing behind. */
function probe() {
  const code = "new (require('better-sqlite3'))(':memory:').close(); require('keytar');";
  const env = target.runtime === 'electron' ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  const result = spawnSync(target.binary, ['-e', code], { cwd: root, env, encoding: 'utf8' });
  const output = `${result.stderr ?? ''}${result.error?.message ?? ''}`;
  return { ok: result.status === 0, abi: abiError.test(output), output };
}

function record() {
  const { binary: _binary, ...built } = target;
  writeFileSync(recordFile, `${JSON.stringify({ ...built, files: fingerprint() }, null, 2)}\n`);
}

async function rebuild() {
  say(`building ${modules.join(' and ')} for ${target.runtime} ${target.version}…`);
  if (target.runtime === 'node') {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['rebuild', ...modules], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) throw new Error(`npm rebuild exited with ${result.status}`);
    return;
  }
  let electronRebuild;
  try {
    electronRebuild = await import(pathToFileURL(require.resolve('@electron/rebuild')).href);
  } catch {
    electronRebuild = null;
  }
  if (electronRebuild) {
    await electronRebuild.rebuild({ buildPath: root, electronVersion: target.version, arch: target.arch, onlyModules: modules, force: true });
    return;
  }
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`electron-builder install-app-deps exited with ${result.status}`);
}

const previous = readRecord();
if (sameTarget(previous, target) && sameFiles(previous.files, fingerprint())) process.exit(0);

const before = probe();
if (before.ok) {
  record();
  say(`already built for ${target.runtime} ${target.version}.`);
  process.exit(0);
}
if (!before.abi) {
  // Not an ABI mismatch (a missing system library such as libsecret, say): rebuilding would not help.
  say(`they do not load in ${target.runtime}, and not because of the ABI:\n${before.output.trim()}`);
  process.exit(0);
}
try {
  await rebuild();
} catch (err) {
  process.stderr.write(`native modules: the build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const after = probe();
if (!after.ok) {
  process.stderr.write(`native modules: still not loadable in ${target.runtime} after the build:\n${after.output.trim()}\n`);
  process.exit(1);
}
record();
say(`built for ${target.runtime} ${target.version}.`);
