import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../../src/cli.js';
import { systemdUnits, WAIT_TIMEOUT, EXEC_START_POST_TIMEOUT_SEC } from '../../../src/init/systemd.js';
import { DEFAULT_DEADLINE_MS } from '../../../src/runtimes/facts.js';
import { testIo } from '../../helpers/io.js';
import { checkComponent } from '../../helpers/require-component.js';
import { durationMs, parseHealthcheckLine, parseUnit, unitValue, unitWords } from './parse.js';

async function init(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['init', ...args], testIo({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), startedAt: performance.now() }));
  return { code, stdout, stderr };
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected a mapping, got ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
}

const at = (value: unknown, ...path: string[]): unknown => path.reduce((v, key) => record(v)[key], value);

describe('healthctl init kubernetes', () => {
  it('prints startup, readiness and liveness exec probes, each with its --probe, timeoutSeconds above the deadline', async () => {
    const { code, stdout, stderr } = await init('kubernetes');
    expect([code, stderr]).toEqual([0, '']);
    const spec = record(parseYaml(stdout));
    expect(Object.keys(spec)).toEqual(['startupProbe', 'readinessProbe', 'livenessProbe']);
    for (const [field, kind] of [['startupProbe', 'startup'], ['readinessProbe', 'readiness'], ['livenessProbe', 'liveness']] as const) {
      const probe = record(spec[field]);
      expect(Object.keys(probe).sort()).toEqual(['exec', 'failureThreshold', 'periodSeconds', 'timeoutSeconds']);
      expect(at(probe, 'exec', 'command')).toEqual(['healthctl', 'probe', '--probe', kind]);
      expect(Number(probe['timeoutSeconds']) * 1000).toBeGreaterThan(DEFAULT_DEADLINE_MS.kubernetes);
      expect(Number.isInteger(probe['periodSeconds'])).toBe(true);
    }
    // The startup budget (failureThreshold × periodSeconds) is generous; liveness must not restart a slow starter.
    expect(Number(at(spec, 'startupProbe', 'failureThreshold')) * Number(at(spec, 'startupProbe', 'periodSeconds'))).toBeGreaterThanOrEqual(60);
  });

  it('--probe limits the output to one probe; TARGET goes last in the command', async () => {
    const { stdout } = await init('kubernetes', '--probe', 'liveness', 'http://127.0.0.1:8080/status');
    const spec = record(parseYaml(stdout));
    expect(Object.keys(spec)).toEqual(['livenessProbe']);
    expect(at(spec, 'livenessProbe', 'exec', 'command')).toEqual(['healthctl', 'probe', '--probe', 'liveness', 'http://127.0.0.1:8080/status']);
  });

  it('quotes what YAML would misread', async () => {
    const target = 'http://[::1]:8080/status?x=#1: y';
    const { stdout } = await init('kubernetes', '--probe', 'readiness', '--bin', '/opt/my tools/healthctl', target);
    expect(at(parseYaml(stdout), 'readinessProbe', 'exec', 'command')).toEqual(['/opt/my tools/healthctl', 'probe', '--probe', 'readiness', target]);
  });
});

describe('healthctl init docker', () => {
  it('prints an exec-form HEALTHCHECK with --start-interval (Engine 25+) and the older-engine form without it', async () => {
    const { code, stdout } = await init('docker');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const active = lines.filter((l) => l.startsWith('HEALTHCHECK '));
    const older = lines.filter((l) => l.startsWith('# HEALTHCHECK ')).map((l) => l.slice(2));
    expect([active.length, older.length]).toEqual([1, 1]);
    const modern = parseHealthcheckLine(active[0] ?? '');
    const legacy = parseHealthcheckLine(older[0] ?? '');
    expect(modern.command).toEqual(['healthctl', 'probe']);
    expect(legacy.command).toEqual(['healthctl', 'probe']);
    expect(Object.keys(modern.flags)).toContain('start-interval');
    expect(Object.keys(legacy.flags)).not.toContain('start-interval');
    expect({ ...modern.flags, 'start-interval': undefined }).toEqual({ ...legacy.flags, 'start-interval': undefined });
    expect(durationMs(modern.flags['timeout'] ?? '')).toBeGreaterThan(DEFAULT_DEADLINE_MS.docker);
    expect(durationMs(modern.flags['start-period'] ?? '')).toBeGreaterThan(0);
    expect(stdout).toMatch(/--start-interval needs Docker Engine 25/);
    expect(stdout).toMatch(/Unknown flag: start-interval/);
  });

  it('--bin and TARGET for a distroless image', async () => {
    const { stdout } = await init('docker', '--bin', '/healthctl', '--probe', 'liveness', 'tcp://127.0.0.1:8080');
    const line = stdout.split('\n').find((l) => l.startsWith('HEALTHCHECK '));
    expect(parseHealthcheckLine(line ?? '').command).toEqual(['/healthctl', 'probe', '--probe', 'liveness', 'tcp://127.0.0.1:8080']);
  });
});

describe('healthctl init compose', () => {
  it('prints a healthcheck and a depends_on: service_healthy example', async () => {
    const { code, stdout } = await init('compose', 'http://127.0.0.1:9090/readyz');
    expect(code).toBe(0);
    const file = parseYaml(stdout);
    const healthcheck = record(at(file, 'services', 'app', 'healthcheck'));
    expect(healthcheck['test']).toEqual(['CMD', 'healthctl', 'probe', 'http://127.0.0.1:9090/readyz']);
    expect(durationMs(String(healthcheck['timeout']))).toBeGreaterThan(DEFAULT_DEADLINE_MS.docker);
    for (const key of ['interval', 'start_period', 'start_interval']) expect(durationMs(String(healthcheck[key]))).toBeGreaterThan(0);
    expect(at(file, 'services', 'worker', 'depends_on', 'app', 'condition')).toBe('service_healthy');
  });
});

describe('healthctl init ecs', () => {
  it('prints the healthCheck JSON within ECS limits, timeout above the deadline', async () => {
    const { code, stdout } = await init('ecs');
    expect(code).toBe(0);
    const check = record(at(JSON.parse(stdout), 'healthCheck'));
    expect(check['command']).toEqual(['CMD', 'healthctl', 'probe']);
    const n = (k: string): number => Number(check[k]);
    expect(n('timeout') * 1000).toBeGreaterThan(DEFAULT_DEADLINE_MS.ecs);
    expect(n('timeout')).toBeGreaterThanOrEqual(2);
    expect(n('timeout')).toBeLessThanOrEqual(60);
    expect(n('interval')).toBeGreaterThanOrEqual(5);
    expect(n('interval')).toBeLessThanOrEqual(300);
    expect(n('retries')).toBeGreaterThanOrEqual(1);
    expect(n('retries')).toBeLessThanOrEqual(10);
    expect(n('startPeriod')).toBeLessThanOrEqual(300);
  });
});

describe('healthctl init systemd', () => {
  it('prints a Type=notify unit for healthctl run and a Type=exec unit with ExecStartPost=healthctl wait', async () => {
    const { code, stdout } = await init('systemd', 'http://127.0.0.1:28080/status');
    expect(code).toBe(0);
    const units = systemdUnits({ target: 'http://127.0.0.1:28080/status', probe: null, bin: 'healthctl' });
    for (const unit of units) expect(stdout).toContain(unit.text);

    const notify = parseUnit(units[0]?.text ?? '');
    expect(unitValue(notify, 'Service', 'Type')).toBe('notify');
    // The notifications come from systemd-notify, a child process, not the main PID.
    expect(unitValue(notify, 'Service', 'NotifyAccess')).toBe('all');
    expect(unitWords(unitValue(notify, 'Service', 'ExecStart') ?? '').slice(0, 3)).toEqual(['healthctl', 'run', '--']);
    expect(unitValue(notify, 'Service', 'Environment')).toBe('HEALTHCTL_TARGET=http://127.0.0.1:28080/status');

    const exec = parseUnit(units[1]?.text ?? '');
    expect(unitValue(exec, 'Service', 'Type')).toBe('exec');
    expect(unitWords(unitValue(exec, 'Service', 'ExecStartPost') ?? '')).toEqual(['healthctl', 'wait', '--timeout', WAIT_TIMEOUT]);
    expect(EXEC_START_POST_TIMEOUT_SEC * 1000).toBeGreaterThan(durationMs(WAIT_TIMEOUT));
    expect(Number(unitValue(exec, 'Service', 'TimeoutStartSec'))).toBe(EXEC_START_POST_TIMEOUT_SEC);
  });

  it('escapes % and $ so systemd passes the target through unchanged', async () => {
    const target = 'http://127.0.0.1:8080/status?q=%20a$b';
    const [, exec] = systemdUnits({ target, probe: 'liveness', bin: '/opt/bin dir/healthctl' });
    const sections = parseUnit(exec?.text ?? '');
    expect(unitWords(unitValue(sections, 'Service', 'Environment') ?? '')).toEqual([`HEALTHCTL_TARGET=${target}`]);
    expect(unitWords(unitValue(sections, 'Service', 'ExecStartPost') ?? '')).toEqual(['/opt/bin dir/healthctl', 'wait', '--probe', 'liveness', '--timeout', WAIT_TIMEOUT]);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  const skip = checkComponent('systemd', analyze ? null : 'systemd-analyze not installed');
  it.skipIf(skip !== null)('systemd-analyze verify accepts both units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-units-'));
    try {
      const paths = systemdUnits({ target: 'http://127.0.0.1:28080/status', probe: null, bin: process.execPath }).map((unit) => {
        const path = join(dir, unit.name);
        // verify checks that executables exist; the app placeholder is swapped for one that does.
        writeFileSync(path, unit.text.replace('/usr/local/bin/app', '/bin/sleep'));
        return path;
      });
      const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...paths], { encoding: 'utf8' });
      expect(result.stderr.split('\n').filter((l) => l.includes(dir))).toEqual([]);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('healthctl init: bad input', () => {
  it.each([
    [['nomad'], /RUNTIME: 'nomad' is not one of kubernetes, docker, compose, ecs, systemd/],
    [['docker', 'ftp://x'], /target 'ftp:\/\/x'/],
    [['kubernetes', '--probe', 'ready'], /--probe/],
    [['docker', '--bin', ''], /--bin/],
    [[], /missing required argument 'runtime'/],
  ])('init %j exits 1 naming the problem, no stack trace', async (args, message) => {
    const { code, stdout, stderr } = await init(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
