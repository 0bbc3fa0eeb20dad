import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';
import { start } from './process.js';

describe('healthctl demo without a terminal', () => {
  it('prints transitions until the sample service is ready, then drains it and exits 0', async () => {
    const r = await runCli(['demo', '--ready-after', '1s', '--runtime', 'plain'], { killAfterMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sample service listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(r.stdout).toMatch(/Z watching http:\/\/127\.0\.0\.1:\d+\/status every 500ms \(readiness, runtime plain\): NOT READY: /);
    expect(r.stdout).toMatch(/Z proxy\.service (unavailable|starting) → running\n/);
    expect(r.stdout).toMatch(/Z readiness fail → pass: READY: 8 of 8 components ready\n/);
    expect(r.stdout).toMatch(/Watched for [\d.]+m?s \(\d+ checks\)\n {2}time to ready: [\d.]+m?s\n {2}transitions: \d+\n {2}flapped: none\n {2}last: READY: 8 of 8 components ready\nsample service stopping: draining for 1500 ms\nsample service stopped\n$/);
  });
});

describe('healthctl demo --serve and demo set', () => {
  it('serves until SIGTERM, prints what to try, and lets another process make a component fail', async () => {
    const p = start(['demo', '--serve', '--port', '0', '--ready-after', '300ms', '--no-flap']);
    try {
      const [, base = '', port = ''] = await p.waitFor(/^sample service listening on (http:\/\/127\.0\.0\.1:(\d+))\n/m);
      const url = `${base}/status`;
      await p.waitFor(/Ctrl-C or SIGTERM drains/);
      expect(p.stdout()).toContain(`healthctl probe 127.0.0.1:${port}`);
      expect(p.stdout()).toContain(`healthctl demo set storage.backend running --error 'ping postgres: timeout' --port ${port}`);
      await new Promise((r) => setTimeout(r, 500));
      expect((await runCli(['probe', url, '--runtime', 'plain', '--timeout', '5s'])).code).toBe(0);

      const set = await runCli(['demo', 'set', 'storage.backend', 'running', '--error', 'ping postgres: timeout', '--port', port]);
      expect(set).toMatchObject({ code: 0, stdout: 'storage.backend: RUNNING, error: ping postgres: timeout\n', stderr: '' });
      const failing = await runCli(['probe', url, '--runtime', 'kubernetes', '--timeout', '5s']);
      expect(failing.code).toBe(4);
      expect(failing.stdout).toMatch(/^NOT READY: 1 of 8 components not ready: storage\.backend failed: ping postgres: timeout\n/);

      expect((await runCli(['demo', 'set', 'storage.backend', 'running', '--port', port])).code).toBe(0);
      expect((await runCli(['probe', url, '--runtime', 'plain', '--timeout', '5s'])).code).toBe(0);

      const bad = await runCli(['demo', 'set', 'storage.backend', 'sideways', '--port', port, '--runtime', 'plain']);
      expect(bad).toMatchObject({ code: 1, stderr: "healthctl: STATUS: 'sideways' is not one of running, starting, terminating\n" });
    } finally {
      p.child.kill('SIGTERM');
    }
    const end = await p.exited;
    expect(end.code).toBe(0);
    expect(p.stdout()).toMatch(/sample service received SIGTERM: draining for 1500 ms\nsample service stopped\n$/);
  }, 60_000);

  it('demo set with no service there says how to start one', async () => {
    const port = await closedPort();
    const r = await runCli(['demo', 'set', 'a', 'running', '--port', String(port), '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^healthctl: no demo service answers on 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); start one with: healthctl demo --serve --port ${port}\\n$`));
  });

  it('--help documents the flags other tests and users rely on', async () => {
    const r = await runCli(['demo', '--help']);
    for (const flag of ['--serve', '--port <n>', '--host <address>', '--ready-after <duration>', '--no-flap']) expect(r.stdout).toContain(flag);
    const set = await runCli(['demo', 'set', '--help']);
    for (const flag of ['<name>', '<status>', '--error <text>', '--port <n>']) expect(set.stdout).toContain(flag);
  });
});
