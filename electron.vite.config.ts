import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import renderer from './vite.config';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Loaded by the packaged app at run time from node_modules (app.asar.unpacked for their `.node` files). */
const nativeModules = ['better-sqlite3', 'keytar', '@napi-rs/canvas'];

/**
 * Main process, preload and renderer of the Electron app, into `out/`. The renderer is the same Vite build the
 * browser host serves (`vite.config.ts`); only its entry and output folder are pinned here, since the shell serves
 * `out/renderer`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      // Dependencies stay in node_modules (electron-builder packs the production ones); native ones must.
      externalizeDeps: { include: nativeModules },
      rolldownOptions: {
        input: { index: fromRoot('./electron/shell/main.ts') },
        external: nativeModules,
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      // A sandboxed preload can require nothing but `electron`: zod and the contract are bundled into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: fromRoot('./electron/preload/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    build: {
      ...renderer.build,
      outDir: fromRoot('./out/renderer'),
      rolldownOptions: { ...renderer.build?.rolldownOptions, input: fromRoot('./renderer/index.html') },
    },
  },
});
