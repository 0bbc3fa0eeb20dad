import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, listen, rawServer } from './servers.js';

// Runs the transport as the CLI will: bundled (dynamic imports split out), in its own process.
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthctl-bundle-'));
  const entry = fileURLToPath(new URL('../../../src/transport/http.ts', import.meta.url));
  await build({ entryPoints: { http: entry }, bundle: true, splitting: true, format: 'esm', platform: 'node', outdir: dir, logLevel: 'error' });
  writeFileSync(
    join(dir, 'probe.mjs'),
    `const before = new Set(process.moduleLoadList);
const { httpRequest } = await import('./http.js');
const [url, timeoutMs] = process.argv.slice(2);
const req = { url: new URL(url), method: 'GET', headers: [], unixSocket: null, maxBodyBytes: 1048576, maxRedirects: 5, signal: null,
  tls: { insecure: true, cacert: null, cert: null, key: null, servername: null }, deadline: performance.now() + Number(timeoutMs) };
let line;
try { line = 'status ' + (await httpRequest(req)).status; } catch (e) { line = e.outcome + ': ' + e.message; }
const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ') && !m.includes('internal/')).map((m) => m.slice(13));
const settledAt = performance.now();
// 'exit' fires once nothing (timer, socket, lookup) is left in the event loop.
process.on('exit', () => process.stdout.write(JSON.stringify({ line, loaded, settledAt, exitAt: performance.now() })));
`,
  );
}, 30_000);
afterEach(closeAll);

interface Run {
  line: string;
  loaded: string[];
  settledAt: number;
  exitAt: number;
}

function isReport(value: unknown): value is Run {
  return (
    typeof value === 'object' &&
    value !== null &&
    'line' in value &&
    typeof value.line === 'string' &&
    'loaded' in value &&
    Array.isArray(value.loaded) &&
    'settledAt' in value &&
    typeof value.settledAt === 'number' &&
    'exitAt' in value &&
    typeof value.exitAt === 'number'
  );
}

function runProbe(url: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, 'probe.mjs'), url, String(timeoutMs)], { timeout: 10_000 }, (error, stdout) => {
      if (error !== null) return reject(error);
      const parsed: unknown = JSON.parse(stdout);
      if (!isReport(parsed)) return reject(new Error(`unexpected output: ${stdout}`));
      resolve(parsed);
    });
  });
}

describe('transport in a process of its own', () => {
  it('loads no TLS or DNS module for an http probe of an IP address', async () => {
    const port = await listen(createServer((_req, res) => res.end('ok')));
    const run = await runProbe(`http://127.0.0.1:${port}/`, 2000);
    expect(run.line).toBe('status 200');
    expect(run.loaded).not.toContain('tls');
    expect(run.loaded).not.toContain('_tls_wrap');
    expect(run.loaded).not.toContain('https');
    expect(run.loaded).not.toContain('dns');
  });

  it('exits on its own right after a timeout: no timer or socket keeps it alive', async () => {
    const port = await listen(rawServer(() => undefined));
    const run = await runProbe(`http://127.0.0.1:${port}/`, 300);
    expect(run.line).toBe(`timeout: timeout after 300ms waiting for first byte from 127.0.0.1:${port}`);
    // A live timer or socket would hold the event loop, delaying 'exit' (or forever, until execFile's timeout).
    expect(run.exitAt - run.settledAt).toBeLessThan(50);
  });

  it('exits on its own after a TLS handshake timeout', async () => {
    const port = await listen(rawServer(() => undefined));
    const run = await runProbe(`https://127.0.0.1:${port}/`, 300);
    expect(run.line).toBe(`timeout: timeout after 300ms during TLS handshake with 127.0.0.1:${port}`);
    expect(run.loaded).toContain('tls');
    expect(run.exitAt - run.settledAt).toBeLessThan(50);
  });
});
