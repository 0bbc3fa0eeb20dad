import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const DOC = fileURLToPath(new URL('../../docs/sample.md', import.meta.url));
const SAMPLE_ENTRY = fileURLToPath(new URL('../../src/sample/index.ts', import.meta.url));

/** The example service of docs/sample.md, running as its own process. */
export interface SampleExample {
  child: ChildProcessByStdio<null, Readable, null>;
  /** Where its health endpoints listen (HEALTH_PORT=0 picked the port). */
  url: string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** Kills it if it still runs and removes its build. */
  stop(): Promise<void>;
}

/**
 * Builds the ```js example of docs/sample.md as written (with `healthctl/sample` resolved to
 * the sources) and starts it on free ports (HEALTH_PORT=0, PORT=0).
 */
export async function startSampleExample(): Promise<SampleExample> {
  const example = /```js\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (example === undefined) throw new Error('docs/sample.md has no ```js example');
  const dir = mkdtempSync(join(tmpdir(), 'healthctl-sample-example-'));
  writeFileSync(join(dir, 'example.mjs'), example);
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
  const child = spawn(process.execPath, [join(dir, 'bundle.mjs')], { env: { ...process.env, HEALTH_PORT: '0', PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]: unknown[]) => (typeof code === 'number' ? code : null));
  child.stdout.setEncoding('utf8');
  const [firstLine] = await once(child.stdout, 'data');
  const url = /health endpoints on (\S+)/.exec(String(firstLine))?.[1];
  if (url === undefined) throw new Error(`the example did not say where it listens: ${String(firstLine)}`);
  return {
    child,
    url,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
