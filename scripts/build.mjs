// Bundles the CLI and the library into dist/ so a probe loads a few files, not hundreds.
import { build } from 'esbuild';
import { rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { BUILD_STAMP, newestInputMs } from './build-inputs.mjs';

const next = `dist.next-${process.pid}`;
// Taken before building: an input changed during the build makes the next `npm run demo` build again.
const inputsMs = newestInputMs();

const entryPoints = { cli: 'src/cli.ts', index: 'src/index.ts' };
if (existsSync('src/sample/index.ts')) entryPoints.sample = 'src/sample/index.ts';

await build({
  entryPoints,
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  chunkNames: 'chunks/[name]-[hash]',
  // gRPC is large and loaded only for grpc:// targets; it stays an ordinary dependency.
  external: ['@grpc/grpc-js'],
  // Bundled CommonJS dependencies (commander) call require() for Node built-ins.
  banner: { js: "import { createRequire as __healthctlRequire } from 'node:module'; const require = __healthctlRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// Type declarations for the package's exports (`healthctl`, `healthctl/sample`).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', `${next}/types`], { stdio: 'inherit' });

// The probe fast path as one CommonJS file: the CommonJS loader reads it synchronously, where ES modules
// cost an asynchronous read and link per chunk. No commander: whatever it declines goes to dist/cli.js.
await build({
  entryPoints: { probe: 'src/cli/probe-main.ts' },
  outfile: `${next}/probe.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  external: ['@grpc/grpc-js'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});

await writeFile(`${next}/${BUILD_STAMP.slice('dist/'.length)}`, `${JSON.stringify({ inputsMs })}\n`);

// Swap the new build in at once, so a binary started meanwhile never sees half a dist/.
await rm('dist', { recursive: true, force: true });
await rename(next, 'dist');
