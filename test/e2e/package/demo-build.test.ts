import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

/**
 * `npm run demo` right after `npm install` (whose `prepare` built dist/) starts at once: it
 * builds only when dist/ is missing or older than its sources. Run in a copy of the project,
 * so the dist/ other tests use is never rebuilt under them.
 */
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'healthctl-demo-build-'));
  for (const path of ['src', 'scripts', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(command: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const builtAt = (): number => statSync(join(dir, 'dist', 'cli.js')).mtimeMs;
const DEMO = ['--silent', 'run', 'demo', '--', '--ready-after', '300ms', '--no-flap', '--runtime', 'plain'];

describe('npm run demo builds only when dist/ is stale', () => {
  it('builds the first time, not the second, and again once a source changes', async () => {
    const first = await run('npm', ...DEMO);
    expect(first.stderr).toContain('healthctl: dist/ has not been built yet: building it');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/readiness fail → pass: READY: 8 of 8 components ready\n/);
    const built = builtAt();

    const second = await run('npm', ...DEMO);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/readiness fail → pass: READY: 8 of 8 components ready\n/);
    expect(builtAt()).toBe(built);

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'base', 'io.ts'), later, later);
    const third = await run(process.execPath, 'scripts/build-if-stale.mjs');
    expect(third).toMatchObject({ code: 0, stderr: expect.stringContaining('healthctl: dist/ is older than its sources: rebuilding it') });
    expect(builtAt()).toBeGreaterThan(built);
  }, 120_000);

  it('is what `npm run demo` runs', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['demo']).toBe('node scripts/build-if-stale.mjs && node bin/healthctl.js demo');
  });
});
