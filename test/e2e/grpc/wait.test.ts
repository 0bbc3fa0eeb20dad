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
    const started = performance.now();
    const waiting = runCli(['wait', `grpc://127.0.0.1:${server.port}/app.Slow`, '--runtime', 'plain', '--timeout', '15s', '--interval', '200ms']);
    const flip = setTimeout(() => server.setStatus('app.Slow', SERVING_STATUS.SERVING), 1000);
    const r = await waiting;
    clearTimeout(flip);
    expect(r.code).toBe(0);
    expect(performance.now() - started).toBeGreaterThan(1000);
    expect(r.stdout).toContain('app.Slow');
  });

  it('a service that never turns SERVING: the last attempt\'s exit code, naming the service', async () => {
    const r = await runCli(['wait', `grpc://127.0.0.1:${server.port}/app.Never`, '--runtime', 'plain', '--timeout', '1500ms', '--interval', '200ms']);
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).toContain('app.Never failed: NOT_SERVING');
  });
});
