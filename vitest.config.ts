import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,build,scripts,bench,test/unit,test/integration,test/attacks}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Directory servers bind fixed ports and the machine has two cores.
    maxWorkers: 2,
  },
});
