import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'functions-host',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
