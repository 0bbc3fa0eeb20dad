import { defineConfig } from 'vitest/config';

/**
 * The end-to-end suites that run the built CLI. The `bin` project runs them a second time against
 * the standalone executable (build/healthctl); test/helpers/cli.ts reads HEALTHCTL_TEST_BIN.
 */
const BOTH_BUILDS = [
  'test/e2e/probe/**/*.test.ts',
  'test/e2e/hardening/**/*.test.ts',
  'test/e2e/grpc/**/*.test.ts',
  'test/e2e/kubernetes/**/*.test.ts',
  'test/e2e/docker/**/*.test.ts',
  'test/e2e/systemd/**/*.test.ts',
  'test/e2e/diagnose/**/*.test.ts',
  'test/e2e/fleet/**/*.test.ts',
  'test/e2e/probe-path.test.ts',
];

/** Tests only the executable has: the images that hold it alone, and its arm64 build under emulation. */
const EXECUTABLE_ONLY = ['test/e2e/podman/**/*.test.ts', 'test/e2e/arm64/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'npm', include: ['test/**/*.test.ts'], exclude: EXECUTABLE_ONLY, env: { HEALTHCTL_TEST_BIN: 'npm' } } },
      {
        extends: true,
        test: {
          name: 'bin',
          include: [...BOTH_BUILDS, ...EXECUTABLE_ONLY],
          // Which Node modules dist/cli.js reaches statically; the executable's own check is in probe-path.test.ts.
          exclude: ['test/e2e/grpc/lazy-load.test.ts'],
          env: { HEALTHCTL_TEST_BIN: 'bin' },
        },
      },
    ],
  },
});
