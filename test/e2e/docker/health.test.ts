import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_UNDER_TEST, EXECUTABLE, REPO_ROOT, runCli } from '../../helpers/cli.js';
import {
  copyInto,
  copyWithLibraries,
  dockerMissing,
  executableRootfs,
  importRootfs,
  inspectHealth,
  listFiles,
  startDockerEngine,
  symlinkInto,
  type DockerEngine,
  type HealthState,
} from '../../helpers/docker.js';
import { checkComponent } from '../../helpers/require-component.js';

const skip = checkComponent('docker', dockerMissing());
// The fake service is healthctl's own sample service; `demo set` makes a component fail from `docker exec`.
const SERVE = ['demo', '--serve', '--ready-after', '3s', '--no-flap'];
const FAIL = ['demo', 'set', 'storage.backend', 'running', '--error'];
// Longer than Docker keeps (4096 bytes): healthctl must cut it itself, so Docker never appends "...".
const LONG_ERROR = `ping postgres: ${'connection reset by peer; '.repeat(300)}`;

/** The older-engine HEALTHCHECK `healthctl init docker` prints: the engine here is 20.10. */
async function printedHealthcheck(...args: string[]): Promise<string> {
  const init = await runCli(['init', 'docker', ...args]);
  expect(init.code).toBe(0);
  const line = init.stdout.split('\n').find((l) => l.startsWith('# HEALTHCHECK '));
  if (line === undefined) throw new Error(`no older-engine HEALTHCHECK in:\n${init.stdout}`);
  return line.slice(2);
}

/** Runtime dependencies of the npm package, as `npm ls` resolves them. */
function runtimeModules(): string[] {
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return ls.stdout
    .split('\n')
    .map((p) => relative(REPO_ROOT, p))
    .filter((p) => /^node_modules\/(@[^/]+\/)?[^/@]+$/.test(p));
}

interface Image {
  tag: string;
  /** healthctl inside the image. */
  bin: string;
}

async function buildNodeImage(engine: DockerEngine, work: string): Promise<Image> {
  const healthcheck = await printedHealthcheck();
  const rootfs = join(work, 'node-rootfs');
  copyWithLibraries(rootfs, process.execPath, '/usr/local/bin/node');
  copyWithLibraries(rootfs, '/usr/bin/env', '/usr/bin/env'); // bin/healthctl.js starts with #!/usr/bin/env node
  for (const part of ['bin', 'dist', 'package.json', ...runtimeModules()]) cpSync(join(REPO_ROOT, part), join(rootfs, 'opt/healthctl', part), { recursive: true });
  symlinkInto(rootfs, '/opt/healthctl/bin/healthctl.js', '/usr/local/bin/healthctl');
  await importRootfs(engine, rootfs, 'hc-node-base');
  await dockerBuild(engine, work, 'hc-node', ['FROM hc-node-base', healthcheck, `CMD ${JSON.stringify(['healthctl', ...SERVE])}`]);
  return { tag: 'hc-node', bin: 'healthctl' };
}

/** `COPY build/healthctl /healthctl` and the HEALTHCHECK of `healthctl init docker --bin /healthctl`. */
async function buildDistrolessImage(engine: DockerEngine, work: string): Promise<Image> {
  const healthcheck = await printedHealthcheck('--bin', '/healthctl');
  const rootfs = executableRootfs(join(work, 'distroless-rootfs'), EXECUTABLE);
  // Only the executable and the C libraries it links: no Node, no shell.
  const files = listFiles(rootfs);
  expect(files.filter((f) => !/^\/(usr\/)?lib(64|\/x86_64-linux-gnu|\/aarch64-linux-gnu)?\//.test(f))).toEqual(['/healthctl']);
  await importRootfs(engine, rootfs, 'hc-distroless-base');
  await dockerBuild(engine, work, 'hc-distroless', ['FROM hc-distroless-base', healthcheck, `CMD ${JSON.stringify(['/healthctl', ...SERVE])}`]);
  return { tag: 'hc-distroless', bin: '/healthctl' };
}

async function dockerBuild(engine: DockerEngine, work: string, tag: string, dockerfile: string[]): Promise<void> {
  const context = join(work, `${tag}-context`);
  mkdirSync(context, { recursive: true });
  writeFileSync(join(context, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  const built = await engine.docker(['build', '-q', '-t', tag, context], { timeoutMs: 180_000 });
  if (built.code !== 0) throw new Error(`docker build ${tag}: ${built.stderr}`);
}

/** Polls `docker inspect` until `until` holds, keeping every status seen and every health log entry. */
async function watchHealth(engine: DockerEngine, name: string, seen: { statuses: string[]; log: Map<string, HealthState['Log'][number]> }, until: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await inspectHealth(engine, name);
    if (health !== null) {
      if (seen.statuses.at(-1) !== health.Status) seen.statuses.push(health.Status);
      for (const entry of health.Log) seen.log.set(entry.Start, entry);
      if (health.Status === until) return;
    }
    if (Date.now() > deadline) throw new Error(`${name} not ${until} within ${timeoutMs} ms; statuses ${seen.statuses.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Debian's musl (package musl): the loader and C library in one file, as Alpine has it. */
const MUSL_LIBC = '/usr/lib/x86_64-linux-musl/libc.so';
/** Where test/e2e/docker/musl/build-cxx-runtime.sh leaves the C++ runtime built for musl (.ci/run builds it). */
const MUSL_CXX = join(REPO_ROOT, 'node_modules/.cache/healthctl-musl-cxx');
const MUSL_EXECUTABLE = join(REPO_ROOT, 'build/healthctl-linux-x64-musl');

function muslMissing(): string | null {
  if (process.arch !== 'x64') return 'the musl image is built for x86-64';
  if (!existsSync(MUSL_LIBC)) return `${MUSL_LIBC} missing (apt-get install musl)`;
  if (!existsSync(join(MUSL_CXX, 'libstdc++.so.6'))) return `no C++ runtime for musl in ${MUSL_CXX} (test/e2e/docker/musl/build-cxx-runtime.sh ${MUSL_CXX})`;
  return null;
}

const muslSkip = skip === null && BUILD_UNDER_TEST === 'bin' ? checkComponent('musl', muslMissing()) : 'not the executable under test';

/**
 * An Alpine-like image: musl as /lib/ld-musl-x86_64.so.1, the musl build of the executable and the C++
 * runtime it links (libstdc++.so.6, libgcc_s.so.1; `apk add libstdc++` on Alpine). No glibc, no shell.
 */
async function buildMuslImage(engine: DockerEngine, work: string): Promise<Image> {
  const healthcheck = await printedHealthcheck('--bin', '/healthctl');
  const made = spawnSync(process.execPath, ['scripts/build-bin.mjs', '--target', 'linux-x64-musl'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`npm run build:bin -- --target linux-x64-musl: ${made.stderr}`);
  const rootfs = join(work, 'musl-rootfs');
  copyInto(rootfs, MUSL_LIBC, '/lib/ld-musl-x86_64.so.1');
  symlinkInto(rootfs, 'ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1');
  copyInto(rootfs, MUSL_EXECUTABLE, '/healthctl');
  // Without the C++ runtime the musl build cannot start: what docs/deploying.md says it needs.
  await importRootfs(engine, rootfs, 'hc-musl-libc-only');
  const bare = await engine.docker(['run', '--rm', '--network', 'none', 'hc-musl-libc-only', '/healthctl', '--version']);
  expect(bare.code).not.toBe(0);
  expect(bare.stdout + bare.stderr).toContain('Error loading shared library libstdc++.so.6');

  for (const lib of ['libstdc++.so.6', 'libgcc_s.so.1']) copyInto(rootfs, join(MUSL_CXX, lib), `/usr/lib/${lib}`);
  expect(listFiles(rootfs).sort()).toEqual(['/healthctl', '/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1', '/usr/lib/libgcc_s.so.1', '/usr/lib/libstdc++.so.6']);
  await importRootfs(engine, rootfs, 'hc-musl-base');
  await dockerBuild(engine, work, 'hc-musl', ['FROM hc-musl-base', healthcheck, `CMD ${JSON.stringify(['/healthctl', ...SERVE])}`]);
  return { tag: 'hc-musl', bin: '/healthctl' };
}

describe.skipIf(skip !== null)('Docker HEALTHCHECK from `healthctl init docker`, on a real engine', () => {
  let engine: DockerEngine;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hc-images-'));
    engine = await startDockerEngine();
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  // Each build in its own image: the npm package on Node, the executable alone.
  type ImageBuilder = (engine: DockerEngine, work: string) => Promise<Image>;
  const cases: Array<[string, ImageBuilder]> =
    BUILD_UNDER_TEST === 'npm'
      ? [['an image with Node and the npm build', buildNodeImage]]
      : [['a distroless-style image: the executable and its C libraries only', buildDistrolessImage]];
  if (muslSkip === null) cases.push(['a musl image: the musl build, musl and its C++ runtime only', buildMuslImage]);

  it.each(cases)('%s: starting → healthy → unhealthy, exit codes 0/1, output ≤ 4096 bytes naming the component', async (_label, buildImage) => {
    const image = await buildImage(engine, work);
    const inspected = await engine.docker(['image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', image.tag]);
    expect(JSON.parse(inspected.stdout)).toEqual(['CMD', image.bin, 'probe']);

    const name = `${image.tag}-1`;
    // Only the interval is shortened, so the test is quick; everything else is what init printed.
    const run = await engine.docker(['run', '-d', '--name', name, '--network', 'none', '--health-interval=1s', image.tag]);
    expect(run.stderr).toBe('');
    const seen = { statuses: [] as string[], log: new Map<string, HealthState['Log'][number]>() };
    await watchHealth(engine, name, seen, 'healthy', 30_000);

    const failed = await engine.docker(['exec', name, image.bin, ...FAIL, LONG_ERROR]);
    expect(failed.code, failed.stderr).toBe(0);
    await watchHealth(engine, name, seen, 'unhealthy', 30_000);

    expect(seen.statuses).toEqual(['starting', 'healthy', 'unhealthy']);
    const log = [...seen.log.values()];
    for (const entry of log) {
      expect([0, 1]).toContain(entry.ExitCode);
      expect(Buffer.byteLength(entry.Output)).toBeLessThanOrEqual(4096);
    }
    const failures = log.filter((e) => e.ExitCode === 1);
    const beforeReady = failures[0];
    expect(beforeReady?.Output).toMatch(/^NOT READY: \d+ of 8 components not ready: .*proxy\.service (starting|unavailable)/);
    const last = failures.at(-1);
    expect(last?.Output).toMatch(/^NOT READY: .*storage\.backend failed: ping postgres: connection reset by peer/);
    expect(last?.Output).toContain('(output cut to fit the runtime)');
    expect(log.some((e) => e.ExitCode === 0 && e.Output.startsWith('READY'))).toBe(true);

    const shell = await engine.docker(['exec', name, 'sh', '-c', 'true']);
    if (image.tag !== 'hc-node') expect(shell.code).not.toBe(0);
  }, 240_000);
});
