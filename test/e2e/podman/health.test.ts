import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXECUTABLE, runCli } from '../../helpers/cli.js';
import { copyInto, executableRootfs, packRootfs, symlinkInto, type HealthState } from '../../helpers/docker.js';
import { podmanMissing, startPodman, type Podman } from '../../helpers/podman.js';
import { checkComponent } from '../../helpers/require-component.js';

const skip = checkComponent('podman', podmanMissing());
const SERVE = ['/healthctl', 'demo', '--serve', '--ready-after', '6s', '--no-flap'];
// Longer than Docker keeps (4096 bytes): healthctl must cut it itself.
const LONG_ERROR = `ping postgres: ${'connection reset by peer; '.repeat(300)}`;

/** The exec form of the HEALTHCHECK `healthctl init docker --bin /healthctl` prints, as --health-cmd takes it. */
async function printedHealthCommand(): Promise<string[]> {
  const init = await runCli(['init', 'docker', '--bin', '/healthctl']);
  expect(init.code).toBe(0);
  const cmd = /^HEALTHCHECK .* CMD (\[.*\])$/m.exec(init.stdout)?.[1];
  if (cmd === undefined) throw new Error(`no HEALTHCHECK in:\n${init.stdout}`);
  return JSON.parse(cmd);
}

/** The pod `healthctl init kubernetes --bin /healthctl` is written for: its probes on the sample service. */
async function printedPod(image: string): Promise<string> {
  const init = await runCli(['init', 'kubernetes', '--bin', '/healthctl']);
  expect(init.code).toBe(0);
  const probes: unknown = parse(init.stdout);
  if (typeof probes !== 'object' || probes === null || !('livenessProbe' in probes)) throw new Error(`no probes in:\n${init.stdout}`);
  return stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hc' }, spec: { containers: [{ name: 'app', image, command: SERVE, ...probes }] } });
}

function healthOf(stdout: string): HealthState {
  const health: unknown = JSON.parse(stdout);
  if (typeof health !== 'object' || health === null || !('Log' in health) || !Array.isArray(health.Log)) throw new Error(`no health log in ${stdout}`);
  const log = health.Log.map((e: unknown) => ({
    ExitCode: typeof e === 'object' && e !== null && 'ExitCode' in e ? Number(e.ExitCode) : NaN,
    Output: typeof e === 'object' && e !== null && 'Output' in e ? String(e.Output) : '',
    Start: '',
    End: '',
  }));
  return { Status: 'Status' in health ? String(health.Status) : '', FailingStreak: 0, Log: log };
}

describe.skipIf(skip !== null)('Podman runs the executable\'s healthchecks as Docker does', () => {
  let pod: Podman;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hc-podman-images-'));
    pod = startPodman();
    // The image of the Docker tests: the executable and its C libraries, no shell.
    const bare = packRootfs(executableRootfs(join(work, 'bare'), EXECUTABLE));
    expect((await pod.podman(['import', bare, 'localhost/hc-bare'])).code).toBe(0);
    // The same with a shell, which Podman's CMD-SHELL healthchecks need.
    const shell = executableRootfs(join(work, 'shell'), EXECUTABLE);
    copyInto(shell, '/bin/busybox');
    symlinkInto(shell, 'busybox', '/bin/sh');
    expect((await pod.podman(['import', packRootfs(shell), 'localhost/hc-shell'])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await pod?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('--health-cmd from `init docker --bin /healthctl`: exit 1 while starting, 0 once ready, 1 when a component fails', async () => {
    const command = await printedHealthCommand();
    expect(command).toEqual(['/healthctl', 'probe']);
    const run = await pod.podman(['run', '-d', '--name', 'hc-cmd', '--network', 'none', '--ulimit', 'host', '--health-cmd', JSON.stringify(command), 'localhost/hc-bare', ...SERVE]);
    expect(run.code, run.stderr).toBe(0);
    const check = async (): Promise<number | null> => (await pod.podman(['healthcheck', 'run', 'hc-cmd'])).code;

    expect(await check()).toBe(1);
    const deadline = Date.now() + 30_000;
    let code = await check();
    while (code !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      code = await check();
    }
    expect(code).toBe(0);
    const failed = await pod.podman(['exec', 'hc-cmd', '/healthctl', 'demo', 'set', 'storage.backend', 'running', '--error', LONG_ERROR]);
    expect(failed.code, failed.stderr).toBe(0);
    expect(await check()).toBe(1);

    const health = healthOf((await pod.podman(['inspect', '--format', '{{json .State.Health}}', 'hc-cmd'])).stdout);
    // healthctl answers Podman as the docker runtime (/run/.containerenv): 0 or 1, never 2 or 4, output within 4096 bytes.
    for (const entry of health.Log) {
      expect([0, 1]).toContain(entry.ExitCode);
      expect(Buffer.byteLength(entry.Output)).toBeLessThanOrEqual(4096);
    }
    const last = health.Log.at(-1);
    expect(last?.ExitCode).toBe(1);
    // Podman keeps the first 500 characters of the output: the summary line comes first and names the component.
    expect(last?.Output).toMatch(/^NOT READY: 1 of 8 components not ready: storage\.backend failed: ping postgres: connection reset by peer/);
  }, 120_000);

  it('`kube play` of `init kubernetes --bin /healthctl`: the liveness probe becomes a CMD-SHELL healthcheck, which needs a shell', async () => {
    const results: Record<string, number | null> = {};
    for (const image of ['localhost/hc-shell', 'localhost/hc-bare']) {
      const manifest = join(work, 'pod.yaml');
      writeFileSync(manifest, await printedPod(image));
      const played = await pod.podman(['kube', 'play', '--network', 'none', manifest]);
      expect(played.code, played.stderr).toBe(0);
      const inspected = await pod.podman(['inspect', '--format', '{{json .Config.Healthcheck}}', 'hc-app']);
      const healthcheck: unknown = JSON.parse(inspected.stdout);
      const test = typeof healthcheck === 'object' && healthcheck !== null && 'Test' in healthcheck && Array.isArray(healthcheck.Test) ? healthcheck.Test.map(String) : [];
      expect(test[0]).toBe('CMD-SHELL');
      expect(test.slice(1).join(' ')).toBe('/healthctl probe --probe liveness || exit 1');
      // Liveness passes as soon as the service answers; without /bin/sh the healthcheck cannot start at all.
      const deadline = Date.now() + 15_000;
      let code = (await pod.podman(['healthcheck', 'run', 'hc-app'])).code;
      while (code !== 0 && image === 'localhost/hc-shell' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        code = (await pod.podman(['healthcheck', 'run', 'hc-app'])).code;
      }
      results[image] = code;
      expect((await pod.podman(['kube', 'down', manifest])).code).toBe(0);
    }
    expect(results).toEqual({ 'localhost/hc-shell': 0, 'localhost/hc-bare': 1 });
  }, 120_000);
});
