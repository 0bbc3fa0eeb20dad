import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';

const hasWait = existsSync(join(REPO_ROOT, 'src', 'commands', 'wait.ts'));

describe.skipIf(!hasWait)('wait grpc://', () => {
  let server: GrpcTestServer;
  beforeAll(async () => {
    server = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING, 'app.Slow': SERVING_STATUS.NOT_SERVING, 'app.Never': SERVING_STATUS.NOT_SERVING } });
  });
  afterAll(() => server.close());

  it('waits until the service turns SERVING, then exits 0', async () => {
    const waiting = runCli(['wait', `grpc://127.0.0.1:${server.port}/app.Slow`, '--runtime', 'plain', '--timeout', '15s', '--interval', '200ms']);
    // Flip only once wait has seen NOT_SERVING, so the test proves it kept polling.
    while (!server.checked.includes('app.Slow')) await new Promise((r) => setTimeout(r, 20));
    server.setStatus('app.Slow', SERVING_STATUS.SERVING);
    const r = await waiting;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('app.Slow failed: NOT_SERVING');
    expect(r.stdout).toMatch(/\bREADY: 1 of 1 component ready/);
  });

  it('a service that never turns SERVING: the last attempt\'s exit code, naming the service', async () => {
    const r = await runCli(['wait', `grpc://127.0.0.1:${server.port}/app.Never`, '--runtime', 'plain', '--timeout', '4s', '--interval', '200ms']);
    expect(r.stdout).toContain('app.Never failed: NOT_SERVING');
    // The end of the wait cuts a running attempt short; then that attempt's timeout is the last outcome.
    const cut = /still not ready after 4s: TIMEOUT/.test(r.stderr);
    expect(r.code).toBe(cut ? 3 : 4);
    if (!cut) expect(r.stderr).toContain('still not ready after 4s: app.Never failed: NOT_SERVING');
  });
});
