import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type InlineConfig } from 'vite';
import { repo } from './machine';

/** One entry of Vite's `.vite/manifest.json`. */
export type ManifestChunk = {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
export type Manifest = Record<string, ManifestChunk>;

/**
 * Builds the renderer with the project's own vite.config.ts into a temporary folder, with a manifest, so every
 * chunk can be named by the module it comes from. out/renderer is left alone: the e2e tests and the browser
 * host use it.
 */
export async function buildRendererWithManifest(): Promise<{ outDir: string; manifest: Manifest }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-renderer-'));
  await build({
    configFile: path.join(repo, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, manifest: true, reportCompressedSize: false },
  });
  return { outDir, manifest: readManifest(outDir) };
}

/** Builds the blank React page (bench/blank-page) with the same toolchain: Vite, the React plugin, the same target. */
export async function buildBlankPage(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-blank-'));
  const react = (await import('@vitejs/plugin-react')).default;
  const config: InlineConfig = {
    configFile: false,
    root: path.join(repo, 'bench/blank-page'),
    base: './',
    logLevel: 'error',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'chrome120', modulePreload: { polyfill: false }, assetsInlineLimit: 0, sourcemap: false, reportCompressedSize: false },
  };
  await build(config);
  return outDir;
}

function readManifest(outDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}
