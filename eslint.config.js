import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'events', 'buffer', 'worker_threads'];

/** Each pattern group with the message that teaches the rule; one rule entry a file, as a later entry replaces an earlier one. */
const forbid = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const coreInPlainNode = 'The core runs in plain Node: only electron/shell/ and the preload import electron.';
// A regex, not the group 'electron/*', which would also match a relative path through the electron/ folder.
const noElectronInCore = [
  { regex: '^electron(/|$)', message: coreInPlainNode },
  { group: ['**/renderer/**'], message: coreInPlainNode },
];
const noShellOrHostInCore = { group: ['**/shell/**', '**/host/**'], message: 'core/ never imports shell/ or host/: they mount the core, not the other way round (types they share live in core/).' };
const commandsOnTop = {
  regex: '/cli/',
  message: 'cli/ holds the IT commands, the top of the core: the domain never imports it (a command imports the domain).',
};
const backendsOnlyThroughInterface = {
  regex: '/backends/(?!identity-backend$)',
  message: 'The broker knows backends only through backends/identity-backend.ts; bootstrap.ts picks the directory.',
};

/**
 * Layers (see docs/architecture.md): shared/ is pure; renderer/ reaches the main side only through the bridge;
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
    rules: forbid({ group: ['electron', 'electron/*', ...nodeBuiltins, '**/electron/**', '**/renderer/**', 'react', 'react-dom'], message: 'shared/ is pure TypeScript: no Node, Electron, DOM or renderer imports.' }),
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/fixtures/layering/renderer/**/*.{ts,tsx}'],
    rules: forbid({ group: ['electron', 'electron/*', ...nodeBuiltins, '**/electron/**'], message: 'renderer/ reaches the main side only through window.guichet (shared/contract.ts).' }),
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: forbid(...noElectronInCore),
  },
  {
    files: ['electron/core/**/*.ts', 'test/fixtures/layering/core/**/*.ts'],
    rules: forbid(...noElectronInCore, noShellOrHostInCore),
  },
  {
    // A command's test may sit beside the domain it exercises.
    files: ['electron/core/**/*.ts', 'test/fixtures/layering/core/**/*.ts'],
    ignores: ['electron/core/cli/**', '**/*.test.ts'],
    rules: forbid(...noElectronInCore, noShellOrHostInCore, commandsOnTop),
  },
  {
    // Tests may put a real backend behind the broker; the product's broker never picks one.
    files: ['electron/core/broker/**/*.ts', 'test/fixtures/layering/broker/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: forbid(...noElectronInCore, noShellOrHostInCore, commandsOnTop, backendsOnlyThroughInterface),
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
