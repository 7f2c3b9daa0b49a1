import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The renderer build. The app runs under a strict CSP (`script-src 'self'; style-src 'self'`), so the output
 * must not contain inline scripts or styles: no module-preload polyfill, no assets inlined into the HTML.
 */
export default defineConfig({
  root: fromRoot('./renderer'),
  base: './',
  plugins: [react()],
  // The strength worker imports its dictionaries lazily, which only an ES-module worker can.
  worker: { format: 'es' },
  build: {
    outDir: fromRoot('./out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    modulePreload: { polyfill: false },
    // Fonts and images become files, never `data:` inside CSS or scripts the CSP would have to allow.
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    // Set here, not left to the tool: electron-vite's own renderer default is unminified.
    minify: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
  // Development: `npx vite` beside the browser host (`npm run start:browser`, port 5174), opened with the host's
  // token (http://127.0.0.1:5173/#token=…); the bridge socket is passed through to the host, which checks the origin.
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    fs: { allow: [fromRoot('.')] },
    proxy: {
      '/bridge': { target: 'ws://127.0.0.1:5174', ws: true, headers: { origin: 'http://127.0.0.1:5174' } },
    },
  },
});
