import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_UNDER_TEST, REPO_ROOT, runCli } from '../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../helpers/grpc-server.js';
import { closedPort, serveBody, startServer, type TestServer } from '../helpers/http-server.js';

const RECORDER = fileURLToPath(new URL('./probe-path/record-modules.cjs', import.meta.url));
const CHUNK_RECORDER = fileURLToPath(new URL('./probe-path/record-chunks.cjs', import.meta.url));

interface Loaded {
  builtins: string[];
  /** Absolute paths of CommonJS files and file: URLs of ES modules. */
  files: string[];
}

const work = mkdtempSync(join(tmpdir(), 'healthctl-probe-path-'));
let runs = 0;

/** Runs the built CLI as a user would and returns every module the process loaded. */
async function loadedBy(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Loaded & { code: number | null; stdout: string }> {
  const out = join(work, `run-${runs++}.json`);
  const r = await runCli(args, { env: { ...env, NODE_OPTIONS: `--require=${RECORDER}`, RECORD_MODULES_OUT: out } });
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

/** Source files that belong to the other commands: src/commands/* but probe, and the directories only they use. */
function isOtherCommandsFile(file: string): boolean {
  return (file.startsWith('src/commands/') && file !== 'src/commands/probe.ts') || ['diagnose', 'systemd', 'wait', 'watch', 'init', 'sample', 'fleet', 'reports', 'demo'].some((d) => file.startsWith(`src/${d}/`));
}

/**
 * Names only the other commands define: the exported functions and classes of src/commands/*.ts
 * (but probe) and of the directories only they use, less any name also exported elsewhere.
 * A bundle that inlines their code contains these names, whatever its file is called.
 */
function otherCommandsMarkers(): string[] {
  const src = join(REPO_ROOT, 'src');
  const theirs = (file: string): boolean => isOtherCommandsFile(file.slice(REPO_ROOT.length));
  const mine = new Set<string>();
  const other = new Set<string>();
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(EXPORTED)) if (m[1] !== undefined) (theirs(file) ? other : mine).add(m[1]);
  }
  return [...other].filter((name) => !mine.has(name) && name.length >= 8);
}

/** A service whose answer names a Content-Encoding: the one probe that needs node:zlib. */
function gzipServer(): Promise<TestServer> {
  return startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ status: 'UP' })));
  });
}

const THIRD_PARTY_NOT_ON_PROBE = ['commander', 'execa', 'chalk', '@grpc/grpc-js', 'yaml', 'undici'];
/** undici is bundled into dist/: its error codes mark its code wherever esbuild put it. */
const UNDICI_MARKER = 'UND_ERR_SOCKET';
/**
 * node:tls and node:https only for https targets; child_process is what commander and execa pull in; tty is
 * what chalk reads; node:http's client is not needed at all (the transport speaks HTTP/1.1 over node:net).
 */
const BUILTINS_NOT_ON_PROBE = ['tls', '_tls_wrap', 'https', 'http', '_http_client', 'http2', 'child_process', 'tty', 'dgram', 'zlib', 'worker_threads'];

describe.runIf(BUILD_UNDER_TEST === 'npm')('the probe path loads only what a probe needs', () => {
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
    for (const builtin of BUILTINS_NOT_ON_PROBE) expect(run.builtins, builtin).not.toContain(builtin);
    expect(dist.filter((f) => readFileSync(f, 'utf8').includes(UNDICI_MARKER)), 'undici').toEqual([]);
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
    const gzipped = await gzipServer();
    try {
      const run = await loadedBy(['probe', `${gzipped.url}/actuator/health`, '--runtime', 'plain']);
      expect(run.code).toBe(0);
      expect(run.builtins).toContain('zlib');
    } finally {
      await gzipped.close();
    }
  });

  it('the recorder does see what other paths load: node:tls for https, undici for a fleet that asks for it, commander for help', async () => {
    const port = await closedPort();
    const https = await loadedBy(['probe', `https://127.0.0.1:${port}/status`, '--runtime', 'plain']);
    expect(https.code).not.toBe(0);
    expect(https.builtins).toContain('tls');
    const fleet = await loadedBy(['probe', `${server.url}/actuator/health`, `${server.url}/actuator/health?again`, '--runtime', 'plain'], { HEALTHCTL_HTTP_CLIENT: 'undici' });
    expect(fleet.code).toBe(0);
    expect(fleet.files.filter((f) => f.startsWith(join(REPO_ROOT, 'dist')) && readFileSync(f, 'utf8').includes(UNDICI_MARKER)).length).toBeGreaterThan(0);
    const help = await loadedBy(['probe', '--help']);
    expect(help.code).toBe(0);
    expect(help.files.some((f) => f.includes('/node_modules/commander/')) || help.builtins.includes('child_process')).toBe(true);
  });
});

/** What `bun build --metafile` says of each chunk of the executable: its source files and the Node built-ins they import. */
interface Chunk {
  inputs: string[];
  builtins: string[];
  /** Chunks it imports statically, which load with it. */
  imports: string[];
}

function readChunks(): Map<string, Chunk> {
  const meta: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'build/healthctl.meta.json'), 'utf8'));
  const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined);
  const entries = (value: unknown): Array<[string, unknown]> => (typeof value === 'object' && value !== null ? Object.entries(value) : []);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const builtinsOf = new Map<string, string[]>();
  for (const [file, input] of entries(field(meta, 'inputs'))) {
    const builtins = list(field(input, 'imports'))
      .map((i) => field(i, 'original'))
      .filter((o): o is string => typeof o === 'string' && o.startsWith('node:'))
      .map((o) => o.slice('node:'.length));
    builtinsOf.set(file, builtins);
  }
  const chunks = new Map<string, Chunk>();
  for (const [name, output] of entries(field(meta, 'outputs'))) {
    const inputs = entries(field(output, 'inputs')).map(([file]) => file);
    const imports = list(field(output, 'imports'))
      .filter((i) => field(i, 'kind') === 'import-statement')
      .map((i) => String(field(i, 'path')).replace(/^\.\//, ''));
    chunks.set(name.replace(/^\.\//, ''), { inputs, builtins: inputs.flatMap((f) => builtinsOf.get(f) ?? []), imports });
  }
  return chunks;
}

/** The chunks that load with `name`: itself and its static imports, transitively. */
function staticClosure(chunks: Map<string, Chunk>, name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const next of chunks.get(name)?.imports ?? []) staticClosure(chunks, next, seen);
  return seen;
}

function expectProbeOnly(chunks: Map<string, Chunk>, loaded: Iterable<string>, label: string): void {
  for (const name of loaded) {
    const chunk = chunks.get(name);
    expect(chunk, `${label}: ${name} is a chunk of the build`).toBeDefined();
    const inputs = chunk?.inputs ?? [];
    for (const pkg of THIRD_PARTY_NOT_ON_PROBE) expect(inputs.filter((f) => f.includes(`node_modules/${pkg}/`)), `${label}: ${name} ${pkg}`).toEqual([]);
    expect(inputs.filter(isOtherCommandsFile), `${label}: ${name}`).toEqual([]);
    for (const builtin of BUILTINS_NOT_ON_PROBE) expect(chunk?.builtins, `${label}: ${name} node:${builtin}`).not.toContain(builtin);
  }
}

/**
 * The same guard for the standalone executable, which Bun builds from src/executable.ts with each
 * lazily imported module in a chunk of its own. Bun has no require hook for its built-ins, so the
 * run records the chunks the process loaded (a BUN_OPTIONS=--preload recorder reading require.cache),
 * and the build's metafile says what each chunk holds and which Node built-ins it imports.
 */
describe.runIf(BUILD_UNDER_TEST === 'bin')('the executable\'s probe path loads only what a probe needs', () => {
  let server: TestServer;
  let grpc: GrpcTestServer;
  let chunks = new Map<string, Chunk>();
  const ENTRY = 'healthctl';

  beforeAll(async () => {
    chunks = readChunks();
    server = await serveBody(200, 'application/json', JSON.stringify({ status: 'UP', components: { db: { status: 'UP' } } }));
    grpc = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING } });
  });
  afterAll(async () => {
    await Promise.all([server.close(), grpc.close()]);
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs build/healthctl and returns the chunks it loaded, by their names in the metafile. */
  async function chunksLoadedBy(args: string[]): Promise<{ code: number | null; stdout: string; loaded: string[] }> {
    const out = join(work, `run-${runs++}.json`);
    const r = await runCli(args, { env: { BUN_OPTIONS: `--preload=${CHUNK_RECORDER}`, RECORD_MODULES_OUT: out } });
    const recorded: { modules: string[] } = JSON.parse(readFileSync(out, 'utf8'));
    const loaded = recorded.modules.filter((m) => m.startsWith('/$bunfs/root/')).map((m) => m.slice('/$bunfs/root/'.length));
    return { code: r.code, stdout: r.stdout, loaded };
  }

  it('the build: what loads with the entry holds no commander, chalk, gRPC, TLS, child processes, nor any other command\'s code', () => {
    const closure = staticClosure(chunks, ENTRY);
    // The transport and the formats are in the closure, so an empty metafile cannot pass.
    expect([...closure].flatMap((c) => chunks.get(c)?.inputs ?? [])).toContain('src/transport/http.ts');
    expectProbeOnly(chunks, closure, 'static closure');
    // The check can fail: these are in the build, outside the closure.
    const all = [...chunks.values()].flatMap((c) => c.inputs);
    for (const file of ['node_modules/commander/lib/command.js', 'src/transport/tls-connect.ts', 'src/commands/run.ts']) expect(all).toContain(file);
  });

  it('probe http://…, tcp://… and an unreachable target load only the probe\'s chunks', async () => {
    const port = await closedPort();
    const targets = [`${server.url}/actuator/health`, `tcp://127.0.0.1:${server.port}`, `http://127.0.0.1:${port}/status`];
    for (const target of targets) {
      const run = await chunksLoadedBy(['probe', target, '--runtime', 'plain', '-e', 'cache']);
      // The recorder sees the entry itself, so an empty answer cannot pass.
      expect(run.loaded, target).toContain(ENTRY);
      expectProbeOnly(chunks, run.loaded, target);
    }
  });

  it('the recorder does see what other paths load: TLS for https, gRPC for grpc://, commander for help', async () => {
    const port = await closedPort();
    const holding = (loaded: string[], file: string): boolean => loaded.some((c) => chunks.get(c)?.inputs.includes(file) === true);
    const https = await chunksLoadedBy(['probe', `https://127.0.0.1:${port}/status`, '--runtime', 'plain']);
    expect(https.code).not.toBe(0);
    expect(holding(https.loaded, 'src/transport/tls-connect.ts')).toBe(true);
    const viaGrpc = await chunksLoadedBy(['probe', `grpc://127.0.0.1:${grpc.port}`, '--runtime', 'plain']);
    expect(viaGrpc.code).toBe(0);
    expect(viaGrpc.loaded.some((c) => chunks.get(c)?.inputs.some((f) => f.includes('node_modules/@grpc/grpc-js/')) === true)).toBe(true);
    const help = await chunksLoadedBy(['probe', '--help']);
    expect(help.code).toBe(0);
    expect(holding(help.loaded, 'node_modules/commander/lib/command.js')).toBe(true);
  });

  it('node:zlib loads only for an answer that names a Content-Encoding', async () => {
    const gzipped = await gzipServer();
    try {
      const run = await chunksLoadedBy(['probe', `${gzipped.url}/actuator/health`, '--runtime', 'plain']);
      expect(run.code).toBe(0);
      expect(run.loaded.some((c) => chunks.get(c)?.builtins.includes('zlib') === true)).toBe(true);
    } finally {
      await gzipped.close();
    }
  });
});
