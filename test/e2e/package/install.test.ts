import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../../src/sample/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';

/**
 * The README's install from a clone, end to end: `npm pack`, then `npm install -g` of the
 * tarball (here into a temporary prefix), then the installed `healthctl` as a user runs it.
 */
const run = promisify(execFile);
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let healthctl: string;
let server: HealthServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthctl-install-'));
  // --ignore-scripts: `prepare` would rebuild dist/ under the other tests; pretest has built it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, env: NPM_ENV });
  const [{ filename = '' } = {}] = JSON.parse(packed.stdout) as Array<{ filename?: string }>;
  expect(filename).toBe(`healthctl-${VERSION}.tgz`);
  // --prefer-offline: the dependencies `npm install` already fetched come from npm's cache.
  await run('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), '--prefer-offline', join(dir, filename)], { cwd: dir, env: NPM_ENV });
  healthctl = join(dir, 'prefix', 'bin', 'healthctl');

  const health = new HealthReporter({ required: ['storage.backend'] });
  health.running('storage.backend');
  server = await serveHealth(health, { port: 0 });
}, 180_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The installed command, from a folder that is not the clone, with nothing of the clone on its PATH. */
async function installed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(healthctl, args, { cwd: dir, env: { PATH: `${join(dir, 'prefix', 'bin')}:${process.env['PATH'] ?? ''}`, HOME: dir } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm pack, then npm install -g of the tarball', () => {
  it('installs healthctl, which prints its version', async () => {
    expect(await installed('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('probes a service', async () => {
    const r = await installed('probe', `${server.url}/status`, '--runtime', 'plain', '--timeout', '5s');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ READY: 1 of 1 component ready\n/);
  });

  it('has its dependencies: commander for help, @grpc/grpc-js for a grpc:// target', async () => {
    expect((await installed('probe', '--help')).stdout).toContain('Usage: healthctl probe');
    const port = await closedPort();
    const grpc = await installed('probe', `grpc://127.0.0.1:${port}`, '--runtime', 'plain', '--timeout', '5s');
    expect(grpc.code).toBe(2);
    expect(grpc.stdout).toContain(`UNREACHABLE: connection refused by 127.0.0.1:${port}`);
  });

  it('ships the docs and the licence beside it', () => {
    const root = join(dir, 'prefix', 'lib', 'node_modules', 'healthctl');
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'docs/formats.md', 'docs/schema/healthctl-v1.schema.json']) {
      expect(readFileSync(join(root, file), 'utf8').length, file).toBeGreaterThan(0);
    }
  });
});
