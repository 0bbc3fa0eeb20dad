import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';
import { serveBody, type TestServer } from '../../helpers/http-server.js';

const PRELOAD = fileURLToPath(new URL('./fixtures/report-grpc-loaded.cjs', import.meta.url));

/** Every file dist/cli.js loads before any import() runs: the static import closure. */
function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    // `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"` — but not `import("./x.js")`.
    for (const match of text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      if (match[1] !== undefined) visit(resolve(dirname(file), match[1]));
    }
  };
  visit(entry);
  return seen;
}

describe('HTTP probes pay nothing for gRPC', () => {
  it('dist/cli.js does not statically reach @grpc/grpc-js; only a lazily imported chunk does', () => {
    const closure = staticClosure(join(REPO_ROOT, 'dist', 'cli.js'));
    expect(closure.size).toBeGreaterThan(1);
    for (const [file, text] of closure) expect(text.includes('@grpc/grpc-js'), file).toBe(false);
    // The check can fail: the gRPC transport is in dist/, in a chunk outside the closure.
    const chunks = join(REPO_ROOT, 'dist', 'chunks');
    const withGrpc = readdirSync(chunks).filter((f) => readFileSync(join(chunks, f), 'utf8').includes('@grpc/grpc-js'));
    expect(withGrpc.length).toBeGreaterThan(0);
    for (const f of withGrpc) expect(closure.has(join(chunks, f))).toBe(false);
  });

  describe('at run time', () => {
    let http: TestServer;
    let grpc: GrpcTestServer;
    beforeAll(async () => {
      http = await serveBody(200, 'text/plain', 'ok');
      grpc = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING } });
    });
    afterAll(async () => {
      await Promise.all([http.close(), grpc.close()]);
    });

    it('probe http://… never loads @grpc/grpc-js; probe grpc://… does', async () => {
      const env = { NODE_OPTIONS: `--require=${PRELOAD}` };
      const plain = await runCli(['probe', `${http.url}/healthz`, '--runtime', 'plain'], { env });
      expect(plain.code).toBe(0);
      expect(plain.stderr).toContain('grpc-js loaded: no');
      const viaGrpc = await runCli(['probe', `grpc://127.0.0.1:${grpc.port}`, '--runtime', 'plain'], { env });
      expect(viaGrpc.code).toBe(0);
      expect(viaGrpc.stderr).toContain('grpc-js loaded: yes');
    });
  });
});
