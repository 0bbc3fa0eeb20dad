// A private copy of the built CLI and sample module for one benchmark run: the gates spawn a
// probe every second, and a rebuild of dist/ meanwhile (npm run build swaps it) must not make
// a probe or a starting instance fail to load.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Copies bin/ and dist/ (without type declarations) to a temporary directory. */
export function snapshotBuild() {
  if (!existsSync(join(ROOT, 'dist/cli.js')) || !existsSync(join(ROOT, 'dist/sample.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'healthctl-rollout-'));
  for (let attempt = 1; ; attempt += 1) {
    try {
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'dist/types')) });
      break;
    } catch (error) {
      // dist/ was being swapped by a concurrent build: copy the new one
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
      if (attempt >= 5) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    bin: join(dir, 'bin/healthctl.js'),
    sample: join(dir, 'dist/sample.js'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
