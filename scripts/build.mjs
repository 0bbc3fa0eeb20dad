// Bundles the CLI and the library into dist/ so a probe loads a few files, not hundreds.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

await rm('dist', { recursive: true, force: true });

const entryPoints = { cli: 'src/cli.ts', index: 'src/index.ts' };
if (existsSync('src/sample/index.ts')) entryPoints.sample = 'src/sample/index.ts';

await build({
  entryPoints,
  outdir: 'dist',
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
