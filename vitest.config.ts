// Two projects: `unit` (pure code, no database) and `integration` (a real PostgreSQL: DATABASE_URL
// when set, else an embedded one; each test file gets its own database). See tests/README.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    root,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Starts or connects to PostgreSQL and migrates a template database, once per run.
          globalSetup: ['tests/helpers/integration-global-setup.ts'],
          // Before each test file: a fresh database cloned from the template, as DATABASE_URL.
          setupFiles: ['tests/helpers/integration-file-setup.ts'],
          // Each file runs in its own process, so its DATABASE_URL and Prisma client are its own.
          pool: 'forks',
          isolate: true,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
