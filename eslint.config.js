import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'events', 'buffer', 'worker_threads'];

const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

/**
 * Layers (see ARCHITECTURE.md): shared/ is pure; renderer/ reaches the main side only through the bridge;
 * the main-side core never imports electron. The same rules apply to the fixtures that prove they bite.
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/', 'playwright-report/', '.data/', 'test/fixtures/**', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts', 'test/fixtures/layering/shared/**/*.ts'],
    rules: forbid(['electron', 'electron/*', ...nodeBuiltins, '**/electron/**', '**/renderer/**', 'react', 'react-dom'], 'shared/ is pure TypeScript: no Node, Electron, DOM or renderer imports.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/fixtures/layering/renderer/**/*.{ts,tsx}'],
    rules: forbid(['electron', 'electron/*', ...nodeBuiltins, '**/electron/**'], 'renderer/ reaches the main side only through window.guichet (shared/contract.ts).'),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts', 'test/fixtures/layering/core/**/*.ts'],
    rules: forbid(['electron', 'electron/*', '**/renderer/**'], 'The core runs in plain Node: only electron/shell/ and the preload import electron.'),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/ipc.ts', 'electron/preload/**', 'electron/shell/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'ipcMain', message: 'Use the typed handler table in electron/shell/ipc.ts.' },
        { object: 'ipcRenderer', message: 'Use the typed bridge exposed by the preload.' },
      ],
    },
  },
);
