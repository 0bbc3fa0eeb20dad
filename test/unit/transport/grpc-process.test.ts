import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, startSilentServer, type GrpcTestServer } from '../../helpers/grpc-server.js';
import { closedPort } from '../../helpers/http-server.js';

// The transport bundled as the CLI bundles it, in its own process; under node_modules so @grpc/grpc-js resolves.
let dir: string;
let server: GrpcTestServer;
let hanging: GrpcTestServer;
let silent: { port: number; close(): Promise<void> };
let refused: number;

beforeAll(async () => {
  const cache = join(REPO_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, 'healthctl-grpc-'));
  await build({
    entryPoints: { grpc: join(REPO_ROOT, 'src', 'transport', 'grpc.ts') },
    bundle: true, splitting: true, format: 'esm', platform: 'node', outdir: dir, external: ['@grpc/grpc-js'], logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'probe.mjs'),
    `const { grpcHealth } = await import('./grpc.js');
const lines = [];
for (const [port, ms] of JSON.parse(process.argv[2])) {
  try {
    const a = await grpcHealth({ host: '127.0.0.1', port, unixSocket: null, tls: null, services: [''], headers: [], deadline: performance.now() + ms, budgetMs: ms, signal: null });
    lines.push('ok ' + a.checked.map((c) => c.answer).join(','));
  } catch (e) { lines.push(e.outcome + ' ' + e.phase); }
}
const settledAt = performance.now();
// 'exit' fires only once no channel, timer or socket is left in the event loop.
process.on('exit', () => process.stdout.write(JSON.stringify({ lines, lingerMs: performance.now() - settledAt })));
`,
  );
  server = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING } });
  hanging = await startGrpcServer({ hang: true });
  silent = await startSilentServer();
  refused = await closedPort();
}, 30_000);
afterAll(async () => {
  await Promise.all([server.close(), hanging.close(), silent.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function run(attempts: Array<[number, number]>): Promise<{ lines: string[]; lingerMs: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, 'probe.mjs'), JSON.stringify(attempts)], { timeout: 15_000 }, (error, stdout) => {
      if (error !== null) reject(error);
      else resolve(JSON.parse(stdout) as { lines: string[]; lingerMs: number });
    });
  });
}

describe('grpcHealth in a process of its own', () => {
  it('leaves nothing behind: answered, timed out (call and connect) and refused checks, one after another', async () => {
    const r = await run([[server.port, 3000], [hanging.port, 400], [silent.port, 400], [refused, 3000], [server.port, 3000]]);
    expect(r.lines).toEqual(['ok 1', 'timeout call', 'timeout connect', 'unreachable connect', 'ok 1']);
    expect(r.lingerMs).toBeLessThan(250);
  });
});
