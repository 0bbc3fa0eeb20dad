// Builds one executable (Node's single-executable application): no Node, no node_modules, no shell needed.
// Usage: node scripts/build-sea.mjs [--entry FILE] [--out PATH]; by default the healthctl CLI into build/healthctl.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { entry: { type: 'string' }, out: { type: 'string' } } });
const entryArg = values.entry;
const output = resolve(values.out ?? 'build/healthctl');
const work = join(dirname(output), `.sea-${basename(output)}`);
rm(work);
mkdirSync(work, { recursive: true });

// The SEA main must be one CommonJS file that requires only Node built-ins: bundle everything, dynamic imports inlined.
const bundle = join(work, 'main.cjs');
await build({
  ...(entryArg === undefined
    ? { stdin: { contents: "import { main } from './src/cli.ts';\nmain(process.argv.slice(2)).then((code) => process.exit(code));\n", resolveDir: process.cwd(), loader: 'ts', sourcefile: 'sea-main.ts' } }
    : { entryPoints: [entryArg] }),
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  legalComments: 'none',
  logLevel: 'warning',
});

const blob = join(work, 'sea.blob');
const config = join(work, 'sea-config.json');
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
// The code cache exists from Node 20.12 / 21.7 (useCodeCache in sea-config).
const codeCache = major > 21 || (major === 21 && minor >= 7) || (major === 20 && minor >= 12);
writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: codeCache }));
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

rm(output);
copyFileSync(process.execPath, output);
chmodSync(output, 0o755);
const injected = spawnSync(
  process.execPath,
  [join('node_modules', 'postject', 'dist', 'cli.js'), output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
  { encoding: 'utf8' },
);
// LIEF warns about unnamed ELF note sections on every run; the rest is worth showing.
process.stderr.write(injected.stderr.split('\n').filter((l) => l !== '' && !l.includes("Can't find string offset")).map((l) => `${l}\n`).join(''));
if (injected.status !== 0) throw new Error(`postject failed with exit code ${injected.status}`);
rm(work);
console.log(`${output}: ${(statSync(output).size / 1e6).toFixed(1)} MB, Node ${process.version}, code cache ${codeCache ? 'on' : 'off'}`);

function rm(path) {
  rmSync(path, { recursive: true, force: true });
}
