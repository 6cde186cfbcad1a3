import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // the soak suite runs only with SOAK=1 (`npm run test:soak`)
    include: process.env.SOAK === '1' ? ['test/soak/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: process.env.SOAK === '1' ? [] : ['test/soak/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // integration files each start real server processes; two at a time fit this 2-core machine
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
