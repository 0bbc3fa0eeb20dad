import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../../src/model/types.js';
import { NAGIOS_STATES } from '../../../src/render/nagios.js';
import { exitCode } from '../../../src/runtimes/exit-code.js';
import { RUNTIME_NAMES, RUNTIMES, type RuntimeName } from '../../../src/runtimes/facts.js';
import { REPO_ROOT } from '../../helpers/cli.js';

const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8').split('\n');

/** The markdown table whose header row is `header`: its header cells and each row's cells. */
function table(header: RegExp): { head: string[]; rows: string[][] } {
  const at = readme.findIndex((l) => header.test(l));
  expect(at, String(header)).toBeGreaterThanOrEqual(0);
  const cells = (line: string): string[] => line.split('|').slice(1, -1).map((c) => c.trim());
  const end = readme.findIndex((l, i) => i > at && !l.startsWith('|'));
  return { head: cells(readme[at] ?? ''), rows: readme.slice(at + 2, end).map(cells) };
}

function runtimeNamed(name: string): RuntimeName {
  const runtime = RUNTIME_NAMES.find((r) => r === name);
  if (runtime === undefined) throw new Error(`not a runtime: ${name}`);
  return runtime;
}

describe('the runtime record is what the README says', () => {
  it('exit codes: every outcome under every runtime, as the README table shows them', () => {
    const { head, rows } = table(/^\| outcome \|/);
    const columns = head.slice(1).map((c) => c.split(',').map((n) => runtimeNamed(n.trim())));
    expect(columns.flat().sort()).toEqual([...RUNTIME_NAMES].sort());
    expect(rows.map((r) => r[0]).sort()).toEqual([...OUTCOMES].sort());
    for (const [name, ...shown] of rows) {
      const outcome = OUTCOMES.find((o) => o === name);
      if (outcome === undefined) throw new Error(`not an outcome: ${name}`);
      columns.forEach((runtimes, i) => {
        for (const runtime of runtimes) {
          const code = RUNTIMES[runtime].exitCodes[outcome];
          const state = runtime === 'nagios' ? Object.entries(NAGIOS_STATES).find(([c]) => Number(c) === code)?.[1] : undefined;
          expect(shown[i], `${outcome} under ${runtime}`).toBe(state === undefined ? String(code) : `${code} ${state}`);
        }
      });
    }
  });

  it("deadlines and output caps: the README's runtime table", () => {
    const { rows } = table(/^\| runtime \| default deadline \| output \|$/);
    expect(rows.map((r) => r[0]).sort()).toEqual([...RUNTIME_NAMES].sort());
    for (const [name = '', deadline = '', output = ''] of rows) {
      const facts = RUNTIMES[runtimeNamed(name)];
      const ms = facts.deadlineMs;
      expect(deadline, name).toMatch(new RegExp(`^${ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}\\b`));
      const cap = facts.outputCapBytes;
      if (cap === null) expect(output, name).not.toMatch(/at most/);
      else if (output !== 'as docker') expect(output, name).toContain(cap > 4096 ? `at most ${cap / 1024} KiB` : `at most ${cap} bytes`);
      else expect(cap).toBe(RUNTIMES.docker.outputCapBytes);
    }
  });
});

describe('the runtime record holds together', () => {
  it("every deadline is shorter than the runtime's own timeout, its default and what init writes: the runtime records healthctl's reason", () => {
    for (const runtime of RUNTIME_NAMES) {
      const own = RUNTIMES[runtime].ownTimeout;
      if (own === null) continue;
      expect(RUNTIMES[runtime].deadlineMs, runtime).toBeLessThan(own.defaultMs);
      if ('initMs' in own) expect(RUNTIMES[runtime].deadlineMs, runtime).toBeLessThan(own.initMs);
    }
  });

  it('one function decides every exit code: the runtime, -a, or the signal that interrupted the run', () => {
    expect(exitCode({ runtime: 'kubernetes', pomeriumCompat: false }, 'fail')).toBe(4);
    expect(exitCode({ runtime: 'docker', pomeriumCompat: false }, 'unreachable')).toBe(1);
    expect(exitCode({ runtime: 'nagios', pomeriumCompat: false }, 'usage')).toBe(3);
    for (const runtime of RUNTIME_NAMES) {
      expect(exitCode({ runtime, pomeriumCompat: true }, 'warn')).toBe(0);
      for (const outcome of ['fail', 'usage', 'timeout', 'unreachable', 'bad-response'] as const) expect(exitCode({ runtime, pomeriumCompat: true }, outcome)).toBe(1);
    }
    expect(exitCode({ runtime: 'plain', pomeriumCompat: false }, { interruptedBy: 'SIGINT' })).toBe(130);
    expect(exitCode({ runtime: 'kubernetes', pomeriumCompat: true }, { interruptedBy: 'SIGTERM' })).toBe(143);
    expect(exitCode({ runtime: 'nagios', pomeriumCompat: false }, { interruptedBy: 'SIGTERM' })).toBe(3);
  });
});
