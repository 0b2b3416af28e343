// Vitest for the JavaScript side: runs the shipped dist/ files (build first: wasm, then ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/js/**/*.test.ts'],
    globalSetup: ['tests/js/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
