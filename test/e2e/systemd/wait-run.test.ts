import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliCommand, runCli } from '../../helpers/cli.js';
import { closedPort, startServer } from '../../helpers/http-server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/sample-service.mjs', import.meta.url));

/** The sample service on a free port, ready after `readyAfterMs`. */
async function sample(readyAfterMs: number): Promise<{ url: string; stop(): void }> {
  const port = await closedPort();
  const child = spawn(process.execPath, [FIXTURE, String(port), String(readyAfterMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve()));
  return { url: `http://127.0.0.1:${port}/status`, stop: () => void child.kill('SIGKILL') };
}

describe('healthctl wait', () => {
  it('exits 0 once the service is ready, printing one line per transition', async () => {
    const service = await sample(2500);
    try {
      const r = await runCli(['wait', service.url, '--runtime', 'plain']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^\[\+\d+\.\ds\] READY: 8 of 8 components ready$/);
      expect(new Set(lines).size).toBe(lines.length);
      expect(r.stderr).toBe('');
    } finally {
      service.stop();
    }
  });

  it.each([
    ['plain', 4],
    ['docker', 1],
    ['nagios', 2],
  ] as const)('runs out of time under %s: exit %i, naming what still fails', async (runtime, code) => {
    const service = await sample(1e9);
    try {
      const r = await runCli(['wait', service.url, '--runtime', runtime, '--timeout', '3s']);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(/^still not ready after 3s: authenticate\.service starting; authorize\.service starting; config\.sync starting; envoy\.server unavailable: required but never reported;/);
      expect(r.ms).toBeLessThan(3000 + 1000);
    } finally {
      service.stop();
    }
  });

  it('runs out of time against a closed port with the unreachable code and the connect error', async () => {
    const port = await closedPort();
    const r = await runCli(['wait', `http://127.0.0.1:${port}/status`, '--runtime', 'plain', '--timeout', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`still not ready after 1s: UNREACHABLE: `);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
  });

  it('--request-timeout bounds each attempt: a hanging server times out per attempt and the wait exits with the timeout code', async () => {
    const hanging = await startServer(() => {});
    try {
      const r = await runCli(['wait', `${hanging.url}/status`, '--runtime', 'plain', '--timeout', '1500ms', '--request-timeout', '300ms']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^still not ready after 1\.5s: TIMEOUT: /);
      // Several attempts fitted in the wait, so transitions were printed once, not per attempt.
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });

  it('SIGTERM ends it at once with a non-zero exit and says what was still failing', async () => {
    const service = await sample(1e9);
    try {
      const child = spawn(...cliCommand(['wait', service.url, '--runtime', 'plain']), { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      await new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', () => resolve()));
      const sent = performance.now();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(performance.now() - sent).toBeLessThan(500);
      expect(code).toBe(143);
      expect(stderr).toMatch(/stopped while still not ready after [\d.]+m?s: authenticate\.service starting/);
      expect(stderr).toContain('healthctl: interrupted by SIGTERM');
    } finally {
      service.stop();
    }
  });

  it('bad flags are usage errors naming the flag', async () => {
    const r = await runCli(['wait', '--interval', 'soon', '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--interval: 'soon' is not a duration");
  });
});

describe('healthctl run without systemd', () => {
  it('still supervises: exits with the command\'s status', async () => {
    const port = await closedPort();
    const r = await runCli(['run', '--target', `http://127.0.0.1:${port}/status`, '--', process.execPath, '-e', 'setTimeout(() => process.exit(7), 300)']);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/healthctl run: \S*node exited with status 7/);
  });

  it('128 + the signal when the command is killed', async () => {
    const r = await runCli(['run', '--', process.execPath, '-e', "process.kill(process.pid, 'SIGKILL')"]);
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('was killed by SIGKILL');
  });

  it('127 and a clear message when the command does not exist', async () => {
    const r = await runCli(['run', '--', '/nonexistent/app']);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('/nonexistent/app could not start');
  });

  it('a usage error without a command', async () => {
    const r = await runCli(['run', '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/command/);
  });

  it('forwards SIGTERM, SIGUSR1 and SIGHUP to the command and exits with its status once it stops', async () => {
    const port = await closedPort();
    const script = "for (const s of ['SIGUSR1','SIGHUP']) process.on(s, () => console.log('got ' + s)); process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(3); }); setInterval(() => {}, 1000); console.log('up');";
    const child = spawn(...cliCommand(['run', '--target', `http://127.0.0.1:${port}/status`, '--', process.execPath, '-e', script]), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const seen = (text: string): Promise<void> => new Promise((resolve) => {
      const check = (): void => void (out.includes(text) ? resolve() : setTimeout(check, 20));
      check();
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await seen('up');
    child.kill('SIGUSR1');
    await seen('got SIGUSR1');
    child.kill('SIGHUP');
    await seen('got SIGHUP');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(out).toContain('got SIGTERM');
    expect(code).toBe(3);
  });
});
