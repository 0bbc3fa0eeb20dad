// Builds healthctl as one standalone executable with Bun's compiler: no Node, no node_modules, no shell needed.
// Usage: npm run build:bin                      build/healthctl, for this machine
//        npm run build:bin -- --all             that and build/healthctl-linux-{x64,arm64}[-musl]
//        npm run build:bin -- --target linux-arm64-musl [--target …]   only those
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENTRY = join(ROOT, 'src/executable.ts');
const OUT_DIR = join(ROOT, 'build');
/** Bun's runtimes for other targets, fetched once through npm (and so through npm's registry settings). */
const RUNTIME_CACHE = join(ROOT, 'node_modules/.cache/healthctl-bun');

/**
 * The Linux targets `--all` builds: Bun's target name and the npm package that holds its runtime.
 * x64 uses Bun's baseline build (no AVX2 needed), so the executable runs on any x86-64 host a container lands on.
 */
const TARGETS = {
  'linux-x64': { bun: 'bun-linux-x64-baseline', pkg: '@oven/bun-linux-x64-baseline' },
  'linux-arm64': { bun: 'bun-linux-arm64', pkg: '@oven/bun-linux-aarch64' },
  'linux-x64-musl': { bun: 'bun-linux-x64-musl-baseline', pkg: '@oven/bun-linux-x64-musl-baseline' },
  'linux-arm64-musl': { bun: 'bun-linux-arm64-musl', pkg: '@oven/bun-linux-aarch64-musl' },
};

/**
 * What every build passes to `bun build`. Standalone executables read .env and bunfig.toml from the working
 * directory by default: a probe must not take settings from whatever folder a container starts it in.
 * Splitting keeps each lazily imported module (commander, chalk, gRPC, the other commands) in its own chunk,
 * loaded only when imported; bytecode spares the parse at start-up. The JIT starts 10 times more reluctant:
 * a probe ends before compiled code pays for itself (about 1 MiB less memory), and src/executable.ts gives
 * the commands that keep running the normal JIT back.
 */
const FLAGS = [
  '--compile',
  '--bytecode',
  '--splitting',
  '--format=esm',
  '--minify',
  '--no-compile-autoload-dotenv',
  '--no-compile-autoload-bunfig',
  '--compile-jit-policy=10',
];

const { values } = parseArgs({ options: { all: { type: 'boolean', default: false }, target: { type: 'string', multiple: true, default: [] } } });
const unknown = values.target.filter((t) => !(t in TARGETS));
if (unknown.length > 0) fail(`--target: ${unknown.join(', ')} is not one of ${Object.keys(TARGETS).join(', ')}`);

const bun = findBun();
const version = execFileSync(bun, ['--version'], { encoding: 'utf8' }).trim();
mkdirSync(OUT_DIR, { recursive: true });

// build/healthctl: this machine's executable, compiled by the Bun that runs here (no download).
if (values.all || values.target.length === 0) {
  compile({ out: join(OUT_DIR, 'healthctl'), label: `this machine (${process.platform}-${process.arch}), Bun ${version}`, extra: [`--metafile=${join(OUT_DIR, 'healthctl.meta.json')}`] });
}
const wanted = values.all ? Object.keys(TARGETS) : values.target;
for (const name of wanted) {
  const target = TARGETS[name];
  compile({
    out: join(OUT_DIR, `healthctl-${name}`),
    label: `${target.bun} ${version}`,
    extra: [`--target=${target.bun}`, `--compile-executable-path=${runtimeOf(target.pkg)}`],
  });
}

function compile({ out, label, extra }) {
  const started = performance.now();
  // Built in a folder of its own, then renamed: a half-written file never takes the real name, and every
  // target calls its entry `healthctl` inside (what error locations and process.argv[1] show).
  const work = mkdtempSync(join(OUT_DIR, '.building-'));
  const temp = join(work, 'healthctl');
  const built = spawnSync(bun, ['build', ...FLAGS, ...extra, ENTRY, '--outfile', temp], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    fail(`bun build for ${relative(ROOT, out)} failed:\n${built.stderr}${built.stdout}`);
  }
  chmodSync(temp, 0o755);
  renameSync(temp, out);
  rmSync(work, { recursive: true, force: true });
  const mb = (statSync(out).size / 1e6).toFixed(1);
  console.log(`${relative(ROOT, out)}: ${mb} MB, ${label}, ${Math.round(performance.now() - started)} ms`);
}

/**
 * Bun's binary from the `bun` devDependency. Its postinstall script moves the platform package's binary
 * into bun/bin/bun.exe; where npm skipped install scripts, the binary is still in the platform package.
 */
function findBun() {
  const require = createRequire(import.meta.url);
  let bunDir;
  try {
    bunDir = dirname(require.resolve('bun/package.json'));
  } catch {
    fail('the bun devDependency is not installed: run npm ci');
  }
  const libc = isMusl() ? '-musl' : '';
  const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch];
  const candidates = [join(bunDir, 'bin/bun.exe')];
  if (arch !== undefined) {
    for (const pkg of [`@oven/bun-${process.platform}-${arch}${libc}`, `@oven/bun-${process.platform}-${arch}${libc}-baseline`]) {
      try {
        candidates.push(join(dirname(require.resolve(`${pkg}/package.json`, { paths: [bunDir] })), 'bin/bun'));
      } catch {
        // not installed for this machine
      }
    }
  }
  const found = candidates.find((path) => existsSync(path) && spawnSync(path, ['--version']).status === 0);
  if (found === undefined) fail(`no working Bun binary among ${candidates.map((c) => relative(ROOT, c)).join(', ')}`);
  return found;
}

function isMusl() {
  return process.platform === 'linux' && process.report?.getReport().header.glibcVersionRuntime === undefined;
}

/** The Bun runtime of another target: `npm pack` of its platform package at the compiler's own version, unpacked once. */
function runtimeOf(pkg) {
  const dir = join(RUNTIME_CACHE, `${pkg.replace('/', '+')}@${version}`);
  const exe = join(dir, 'package/bin/bun');
  if (existsSync(exe)) return exe;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packed = spawnSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { cwd: ROOT, encoding: 'utf8' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (packed.status !== 0 || tarball === undefined) fail(`npm pack ${pkg}@${version} failed:\n${packed.stderr}`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/bin/bun']);
  rmSync(join(dir, tarball));
  return exe;
}

function fail(message) {
  console.error(`build:bin: ${message}`);
  process.exit(1);
}
