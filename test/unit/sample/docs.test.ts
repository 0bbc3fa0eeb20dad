import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth } from '../../../src/sample/index.js';
import { request } from './http.js';

// docs/sample.md is tested, so it cannot drift from the code.
const DOC = readFileSync(new URL('../../../docs/sample.md', import.meta.url), 'utf8');
const SAMPLE_ENTRY = fileURLToPath(new URL('../../../src/sample/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'healthctl-sample-docs-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The output line the doc shows right after `$ COMMAND`. */
function shownOutput(command: RegExp): { match: RegExpExecArray; output: string } {
  const lines = DOC.split('\n');
  const at = lines.findIndex((line) => command.test(line));
  const match = command.exec(lines[at] ?? '');
  const output = lines[at + 1];
  if (match === null || output === undefined) throw new Error(`docs/sample.md shows no ${command}`);
  return { match, output };
}

describe('docs/sample.md', () => {
  it('runs the example: ready once both components run, draining on SIGTERM', async () => {
    const example = /```js\n([\s\S]*?)```/.exec(DOC)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(dir, 'example.mjs'), example ?? '');
    await build({
      entryPoints: [join(dir, 'example.mjs')],
      outfile: join(dir, 'bundle.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [
        {
          name: 'healthctl-sample',
          setup(context) {
            context.onResolve({ filter: /^healthctl\/sample$/ }, () => ({ path: SAMPLE_ENTRY }));
          },
        },
      ],
    });

    const child = spawn(process.execPath, [join(dir, 'bundle.mjs')], {
      env: { ...process.env, HEALTH_PORT: '0', PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      child.stdout.setEncoding('utf8');
      const [firstLine] = await once(child.stdout, 'data');
      const url = /health endpoints on (\S+)/.exec(String(firstLine))?.[1] ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      let ready = await request(`${url}/readyz`);
      for (let i = 0; i < 500 && ready.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        ready = await request(`${url}/readyz`);
      }
      expect(ready.status).toBe(200);

      const status = await request(`${url}/status`);
      const port = /"Key":"port","Value":"(\d+)"/.exec(status.body)?.[1] ?? '';
      const shown = shownOutput(/^\$ curl -s http:\/\/127\.0\.0\.1:28080\/status$/).output;
      expect(status.body).toBe(shown.replace('"Value":"8080"', `"Value":"${port}"`));

      child.kill('SIGTERM');
      let draining = await request(`${url}/readyz`);
      for (let i = 0; i < 100 && draining.status !== 503; i++) draining = await request(`${url}/readyz`);
      expect(draining.status).toBe(503);
      expect((await request(`${url}/healthz`)).status).toBe(200);
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill();
    }
  });

  it('shows what the control endpoint answers', async () => {
    const { match, output } = shownOutput(/^\$ curl -s -X PUT -d '(.*)' http:\/\/127\.0\.0\.1:28080(\/control\/\S+)$/);
    const server = await serveHealth(new HealthReporter(), { port: 0, control: true });
    try {
      const reply = await request(server.url + (match[2] ?? ''), { method: 'PUT', body: match[1] ?? '' });
      expect(reply.body).toBe(output);
    } finally {
      await server.close();
    }
  });
});
