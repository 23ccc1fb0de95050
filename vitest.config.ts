import { defineConfig } from 'vitest/config';

// Three tiers: pure unit tests, database tests against a real PostgreSQL (the embedded server, or
// DATABASE_URL when set), and browser tests in Debian's chromium against a running server.
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'db',
          include: ['server/src/**/*.db.test.ts', 'server/test/**/*.db.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: one database test file at a time keeps PostgreSQL and argon2 from starving each other.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          globalSetup: ['e2e/src/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page may take seconds to settle on two loaded cores, so polls wait as long as page loads.
          expect: { poll: { timeout: 20_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
