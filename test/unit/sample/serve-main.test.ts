import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAP_ERROR, HealthReporter, runSampleService, serveHealth } from '../../../src/sample/index.js';
import { getJson, request } from './http.js';

const LISTENING = /^sample service listening on (http:\/\/\S+)$/;

describe('runSampleService in process', () => {
  it('logs its URL, serves the scenario, and on abort drains while answering, then resolves 0', async () => {
    const lines: string[] = [];
    const listening = deferred<string>();
    const controller = new AbortController();
    const sigterms = process.listenerCount('SIGTERM');
    const running = runSampleService({
      port: 0,
      readyAfterMs: 1000,
      flap: false,
      drainMs: 300,
      log: (line) => lines.push(line),
      onListening: listening.resolve,
      signal: controller.signal,
    });
    const url = await listening.promise;
    expect(process.listenerCount('SIGTERM')).toBe(sigterms + 1);
    expect((await request(`${url}/readyz`)).status).toBe(503);
    await waitFor(async () => (await request(`${url}/readyz`)).status === 200);

    controller.abort();
    await waitFor(async () => (await request(`${url}/readyz`)).status === 503);
    expect((await request(`${url}/healthz`)).status).toBe(200);
    expect((await getJson(`${url}/status`)).json).toMatchObject({ statuses: { 'envoy.server': { status: 'TERMINATING' } } });

    await expect(running).resolves.toBe(0);
    await expect(request(`${url}/status`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(process.listenerCount('SIGTERM')).toBe(sigterms);
    expect(lines).toEqual([
      `sample service listening on ${url}`,
      'sample service stopping: draining for 300 ms',
      'sample service stopped',
    ]);
  });

  it('stops at once when the signal is already aborted', async () => {
    const lines: string[] = [];
    const code = await runSampleService({ port: 0, drainMs: 0, log: (line) => lines.push(line), signal: AbortSignal.abort() });
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
  });

  it('resolves 1 and says why when the port is taken', async () => {
    const taken = await serveHealth(new HealthReporter(), { port: 0 });
    const sigterms = process.listenerCount('SIGTERM');
    const lines: string[] = [];
    try {
      const code = await runSampleService({ port: taken.port, log: (line) => lines.push(line) });
      expect(code).toBe(1);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^sample service cannot listen on 127\\.0\\.0\\.1:${taken.port}: .*EADDRINUSE`))]);
      expect(process.listenerCount('SIGTERM')).toBe(sigterms);
    } finally {
      await taken.close();
    }
  });
});

describe('runSampleService with control: a state set from outside sticks', () => {
  it('keeps storage.backend as PUT set it through several flaps, until POST /control/release gives it back', async () => {
    const listening = deferred<string>();
    const controller = new AbortController();
    const running = runSampleService({
      port: 0,
      readyAfterMs: 100,
      flapEveryMs: 200,
      flapForMs: 80,
      drainMs: 0,
      control: true,
      log: () => {},
      onListening: listening.resolve,
      signal: controller.signal,
    });
    const url = await listening.promise;
    const backend = async (): Promise<string> => JSON.stringify(((await getJson(`${url}/status`)).json as { statuses: Record<string, unknown> }).statuses['storage.backend'] ?? null);
    try {
      // The scenario flaps it: within two periods it reports the flap error at least once.
      await waitFor(async () => (await backend()).includes(FLAP_ERROR));

      const set = await request(`${url}/control/components/storage.backend`, { method: 'PUT', body: '{"status":"RUNNING","error":"set by hand"}' });
      expect(set.status).toBe(200);
      const seen = new Set<string>();
      const watchUntil = performance.now() + 5 * 200;
      while (performance.now() < watchUntil) {
        seen.add(await backend());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect([...seen]).toEqual(['{"status":"RUNNING","error":"set by hand","attributes":[{"Key":"backend","Value":"postgres"}]}']);

      const released = await request(`${url}/control/release/storage.backend`, { method: 'POST' });
      expect(released.status).toBe(200);
      expect(JSON.parse(released.body)).toMatchObject({ name: 'storage.backend', released: true, status: 'RUNNING' });
      await waitFor(async () => (await backend()).includes(FLAP_ERROR));
      await waitFor(async () => !(await backend()).includes('error'));

      const again = await request(`${url}/control/release/storage.backend`, { method: 'POST' });
      expect(JSON.parse(again.body)).toMatchObject({ name: 'storage.backend', released: false });
      expect((await request(`${url}/control/release/storage.backend`)).status).toBe(405);
    } finally {
      controller.abort();
      await running;
    }
  });

  it('without control there is no release endpoint', async () => {
    const server = await serveHealth(new HealthReporter(), { port: 0, release: () => true });
    try {
      expect((await request(`${server.url}/control/release/a`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('runSampleService as a process', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthctl-sample-'));
    await build({
      entryPoints: [fileURLToPath(new URL('../../../src/sample/index.ts', import.meta.url))],
      outfile: join(dir, 'sample.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    writeFileSync(
      join(dir, 'main.mjs'),
      [
        "import { runSampleService } from './sample.mjs';",
        'const drainMs = Number(process.argv[2]);',
        "process.exitCode = await runSampleService({ port: 0, readyAfterMs: 100, flap: false, drainMs, log: (line) => console.log(line) });",
      ].join('\n'),
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('drains on SIGTERM while still answering, then exits 0', async () => {
    const child = spawn(process.execPath, [join(dir, 'main.mjs'), '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const output = collect(child);
    const url = await listeningUrl(output);
    await waitFor(async () => (await request(`${url}/readyz`)).status === 200);

    child.kill('SIGTERM');
    await waitFor(async () => (await request(`${url}/readyz`)).status === 503);
    expect((await request(`${url}/startupz`)).status).toBe(200);
    expect((await request(`${url}/healthz`)).status).toBe(200);

    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output.lines).toEqual([
      `sample service listening on ${url}`,
      'sample service received SIGTERM: draining for 400 ms',
      'sample service stopped',
    ]);
  });

  it('cuts the drain short on a second SIGINT', async () => {
    const child = spawn(process.execPath, [join(dir, 'main.mjs'), '60000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const output = collect(child);
    await listeningUrl(output);
    const started = performance.now();
    child.kill('SIGINT');
    await waitFor(async () => output.lines.some((line) => line.includes('draining')));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(output.lines.at(-1)).toBe('sample service stopped');
  });
});

function collect(child: ChildProcess): { lines: string[] } {
  const output = { lines: [] as string[] };
  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    output.lines.push(...parts);
  });
  return output;
}

async function listeningUrl(output: { lines: string[] }): Promise<string> {
  let url: string | undefined;
  await waitFor(async () => {
    url = output.lines.map((line) => LISTENING.exec(line)?.[1]).find((found) => found !== undefined);
    return url !== undefined;
  });
  if (url === undefined) throw new Error('never listened');
  return url;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
