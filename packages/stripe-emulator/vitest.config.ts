import { defineConfig } from 'vitest/config';

/** `npm test -w @plaza/stripe-emulator`: the package's own suites (the root config includes the same files). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
