import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../../src/sample/index.js';
import { runCli, runCliInTerminal } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';

let server: HealthServer;
let target: string;

beforeAll(async () => {
  const health = new HealthReporter({ required: ['storage.backend'] });
  health.running('storage.backend');
  health.failed('storage.backend', 'ping postgres: timeout');
  server = await serveHealth(health, { port: 0 });
  target = `${server.url}/status`;
});
afterAll(async () => {
  await server.close();
});

// What a pod's containers carry, in a kubelet exec probe and in `kubectl exec -it` alike.
const POD = { KUBERNETES_SERVICE_HOST: '10.96.0.1', NO_COLOR: '1' };

describe('--runtime auto: a terminal on stdout is a person', () => {
  it('in a pod without a terminal (a kubelet exec probe): kubernetes', async () => {
    const r = await runCli(['probe', target, '--timeout', '5s'], { env: POD });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^NOT READY: 1 of 1 component not ready: storage\.backend failed: ping postgres: timeout\n- storage\.backend: /);
  });

  it('in a pod with a terminal (kubectl exec -it): plain', async () => {
    const r = await runCliInTerminal(['probe', target, '--timeout', '5s'], { env: POD });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^✗ NOT READY: 1 of 1 component not ready: storage\.backend failed: ping postgres: timeout\r\n {2}✗ storage\.backend/);
  });

  it('a named runtime wins over the terminal', async () => {
    const r = await runCliInTerminal(['probe', target, '--runtime', 'docker', '--timeout', '5s'], { env: POD });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOT READY: /);
  });

  // Inside a container (this machine's /.dockerenv), as with `docker exec -t` or a devcontainer's terminal.
  it.runIf(existsSync('/.dockerenv'))('in a Docker container: docker without a terminal, plain with one, for errors found before any check too', async () => {
    const port = await closedPort();
    const piped = await runCli(['demo', 'set', 'storage.backend', 'running', '--port', String(port)]);
    expect(piped.code).toBe(1);
    const onTerminal = await runCliInTerminal(['demo', 'set', 'storage.backend', 'running', '--port', String(port)]);
    expect(onTerminal.code).toBe(2);
    expect((await runCliInTerminal(['probe', target, '--timeout', '5s'], { env: { NO_COLOR: '1' } })).stdout).toMatch(/^✗ NOT READY: /);
  });
});

describe('diagnose says which runtime it chose and why', () => {
  const header = (stdout: string): string => /^ {2}probe {4}(.*)$/m.exec(stdout.replaceAll('\r', ''))?.[1] ?? stdout;

  it.each([
    ['auto in a pod', [], POD, 'readiness · runtime kubernetes (auto: KUBERNETES_SERVICE_HOST is set) · deadline 800ms'],
    ['auto on systemd', [], { INVOCATION_ID: 'x' }, /^readiness · runtime (systemd \(auto: INVOCATION_ID is set\)|docker \(auto: \/\.dockerenv exists\)) · deadline/],
    ['--runtime', ['--runtime', 'ecs'], POD, 'readiness · runtime ecs (--runtime) · deadline 4s'],
    ['HEALTHCTL_RUNTIME', [], { ...POD, HEALTHCTL_RUNTIME: 'nagios' }, 'readiness · runtime nagios (HEALTHCTL_RUNTIME) · deadline 8s'],
  ] as const)('%s', async (_name, flags, env, expected) => {
    const r = await runCli(['diagnose', target, ...flags], { env });
    if (typeof expected === 'string') expect(header(r.stdout)).toBe(expected);
    else expect(header(r.stdout)).toMatch(expected);
  });

  it('on a terminal: plain, because stdout is one', async () => {
    const r = await runCliInTerminal(['diagnose', target], { env: POD });
    expect(header(r.stdout)).toBe('readiness · runtime plain (auto: stdout is a terminal) · deadline 5s');
  });

  it('-o json carries the choice', async () => {
    const auto = await runCli(['diagnose', target, '-o', 'json'], { env: POD });
    expect(JSON.parse(auto.stdout)).toMatchObject({ runtimeChoice: { runtime: 'kubernetes', source: 'auto', reason: 'KUBERNETES_SERVICE_HOST is set' }, report: { runtime: 'kubernetes' } });
    const named = await runCli(['diagnose', target, '-o', 'json', '--runtime', 'docker'], { env: POD });
    expect(JSON.parse(named.stdout)).toMatchObject({ runtimeChoice: { runtime: 'docker', source: '--runtime', reason: null } });
  });
});
