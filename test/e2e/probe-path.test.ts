import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { closedPort, serveBody, startServer, type TestServer } from '../helpers/http-server.js';

const RECORDER = fileURLToPath(new URL('./probe-path/record-modules.cjs', import.meta.url));

interface Loaded {
  builtins: string[];
  /** Absolute paths of CommonJS files and file: URLs of ES modules. */
  files: string[];
}

const work = mkdtempSync(join(tmpdir(), 'healthctl-probe-path-'));
let runs = 0;

/** Runs the built CLI as a user would and returns every module the process loaded. */
async function loadedBy(args: string[]): Promise<Loaded & { code: number | null; stdout: string }> {
  const out = join(work, `run-${runs++}.json`);
  const r = await runCli(args, { env: { NODE_OPTIONS: `--require=${RECORDER}`, RECORD_MODULES_OUT: out } });
  const recorded: { builtins: string[]; cjs: string[]; esm: string[] } = JSON.parse(readFileSync(out, 'utf8'));
  const files = [...recorded.cjs, ...recorded.esm.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u))].filter((f) => f !== RECORDER);
  return { code: r.code, stdout: r.stdout, builtins: recorded.builtins, files };
}

const EXPORTED = /^export (?:async )?(?:function|class) (\w+)/gm;

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/**
 * Names only the other commands define: the exported functions and classes of src/commands/*.ts
 * (but probe) and of the directories only they use, less any name also exported elsewhere.
 * A bundle that inlines their code contains these names, whatever its file is called.
 */
function otherCommandsMarkers(): string[] {
  const src = join(REPO_ROOT, 'src');
  const theirs = (file: string): boolean =>
    (file.startsWith(join(src, 'commands')) && !file.endsWith('/probe.ts')) || ['diagnose', 'systemd', 'wait', 'init', 'sample'].some((d) => file.startsWith(join(src, d) + '/'));
  const mine = new Set<string>();
  const other = new Set<string>();
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(EXPORTED)) if (m[1] !== undefined) (theirs(file) ? other : mine).add(m[1]);
  }
  return [...other].filter((name) => !mine.has(name) && name.length >= 8);
}

const THIRD_PARTY_NOT_ON_PROBE = ['commander', 'execa', 'chalk', '@grpc/grpc-js', 'yaml'];

describe('the probe path loads only what a probe needs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serveBody(200, 'application/json', JSON.stringify({ status: 'UP', components: { db: { status: 'UP' } } }));
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('probe http://…: no commander, execa, chalk, gRPC, TLS, child processes, nor any other command\'s code', async () => {
    const run = await loadedBy(['probe', `${server.url}/actuator/health`, '--runtime', 'plain', '-e', 'cache']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('READY');

    // The recorder sees the CLI's own files, so an empty answer cannot pass.
    const dist = run.files.filter((f) => f.startsWith(join(REPO_ROOT, 'dist')));
    expect(dist.length).toBeGreaterThan(0);

    for (const pkg of THIRD_PARTY_NOT_ON_PROBE) {
      expect(run.files.filter((f) => f.includes(`/node_modules/${pkg}/`)), pkg).toEqual([]);
    }
    // node:tls and node:https only for https targets; child_process is what commander and execa pull in;
    // tty is what chalk reads (stdout here is a pipe, so colour is off and chalk must stay unloaded).
    for (const builtin of ['tls', '_tls_wrap', 'https', 'http2', 'child_process', 'tty', 'dgram', 'zlib', 'worker_threads']) {
      expect(run.builtins, builtin).not.toContain(builtin);
    }
    const markers = otherCommandsMarkers();
    expect(markers.length).toBeGreaterThan(3);
    for (const file of dist) {
      const text = readFileSync(file, 'utf8');
      expect(markers.filter((m) => text.includes(m)), file).toEqual([]);
    }
  });

  it('probe tcp://… and an unreachable http target stay on the same path', async () => {
    const port = await closedPort();
    for (const target of [`tcp://127.0.0.1:${server.port}`, `http://127.0.0.1:${port}/status`]) {
      const run = await loadedBy(['probe', target, '--runtime', 'plain']);
      expect(run.files.filter((f) => f.includes('/node_modules/')), target).toEqual([]);
      for (const builtin of ['tls', 'https', 'child_process']) expect(run.builtins, `${target} ${builtin}`).not.toContain(builtin);
    }
  });

  it('node:zlib loads only for an answer that names a Content-Encoding', async () => {
    const gzipped = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ status: 'UP' })));
    });
    try {
      const run = await loadedBy(['probe', `${gzipped.url}/actuator/health`, '--runtime', 'plain']);
      expect(run.code).toBe(0);
      expect(run.builtins).toContain('zlib');
    } finally {
      await gzipped.close();
    }
  });

  it('the recorder does see what other paths load: node:tls for https, commander for help', async () => {
    const port = await closedPort();
    const https = await loadedBy(['probe', `https://127.0.0.1:${port}/status`, '--runtime', 'plain']);
    expect(https.code).not.toBe(0);
    expect(https.builtins).toContain('tls');
    const help = await loadedBy(['probe', '--help']);
    expect(help.code).toBe(0);
    expect(help.files.some((f) => f.includes('/node_modules/commander/')) || help.builtins.includes('child_process')).toBe(true);
  });
});
