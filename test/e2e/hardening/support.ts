import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOptions, type CliResult } from '../../helpers/cli.js';
import type { HostileServer } from '../../helpers/hostile-servers.js';

export const RUNTIMES = ['plain', 'docker', 'kubernetes'] as const;
export type Runtime = (typeof RUNTIMES)[number];
export type Outcome = 'pass' | 'warn' | 'fail' | 'unreachable' | 'timeout' | 'bad-response' | 'usage';

// The README's exit-code table.
export const EXIT: Record<Outcome, Record<Runtime, number>> = {
  pass: { plain: 0, docker: 0, kubernetes: 0 },
  warn: { plain: 0, docker: 0, kubernetes: 0 },
  usage: { plain: 1, docker: 1, kubernetes: 1 },
  unreachable: { plain: 2, docker: 1, kubernetes: 2 },
  timeout: { plain: 3, docker: 1, kubernetes: 3 },
  'bad-response': { plain: 3, docker: 1, kubernetes: 3 },
  fail: { plain: 4, docker: 1, kubernetes: 4 },
};

/** What each runtime keeps of stdout and stderr together (runtimes.md); plain has no cap. */
export const CAP: Record<Runtime, number | null> = { plain: null, docker: 4096, kubernetes: 10 * 1024 };

/** The word the first line starts with (after plain's ✓/✗), so docker's shared exit 1 still tells outcomes apart. */
const TITLE: Record<Exclude<Outcome, 'usage'>, RegExp> = {
  pass: /^(?:✓ )?(?:READY|STARTED|ALIVE):/,
  warn: /^(?:! |✓ )?(?:READY|STARTED|ALIVE) \(degraded\)/,
  fail: /^(?:✗ )?NOT (?:READY|STARTED|ALIVE):/,
  unreachable: /^(?:✗ )?UNREACHABLE:/,
  timeout: /^(?:✗ )?TIMEOUT:/,
  'bad-response': /^(?:✗ )?BAD RESPONSE:/,
};

/** The slack docs/guarantees.md allows past the deadline. */
export const SLACK_MS = 150;

// Timing is asserted per process: two at a time keeps a 2-core machine from starving them.
let running = 0;
const queue: Array<() => void> = [];
export async function run(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  if (running >= 2) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    return await runCli(args, { killAfterMs: 30_000, ...options });
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

export interface Expectation {
  runtime: Runtime;
  outcome: Outcome;
  /** The --timeout given; the process must be gone within it plus SLACK_MS, counted from spawn. */
  timeoutMs: number;
  /** Must appear in the output (stdout for reports, stderr for usage errors). */
  message?: RegExp;
}

/** Everything the hardening issue promises for one run of the built binary. */
export function expectHardened(r: CliResult, e: Expectation): void {
  const all = r.stdout + r.stderr;
  const where = `${e.runtime}: exit ${String(r.code)} after ${Math.round(r.ms)} ms\n${all.slice(0, 2000)}`;
  expect(r.signal, where).toBeNull();
  expect(r.code, where).toBe(EXIT[e.outcome][e.runtime]);
  if (e.runtime === 'docker') expect(r.code, where).not.toBe(2);
  expect(all, 'no stack trace').not.toMatch(/\n\s+at \S/);
  expect(all).not.toMatch(/internal error/i);
  expect(r.ms, where).toBeLessThanOrEqual(e.timeoutMs + SLACK_MS);
  const cap = CAP[e.runtime];
  if (cap !== null) expect(Buffer.byteLength(all), where).toBeLessThanOrEqual(cap);
  if (e.outcome === 'usage') {
    expect(r.stdout).toBe('');
    expect(r.stderr, where).toMatch(/^healthctl: /);
  } else {
    expect(r.stdout.split('\n')[0] ?? '', where).toMatch(TITLE[e.outcome]);
  }
  if (e.message !== undefined) expect(e.outcome === 'usage' ? r.stderr : r.stdout, where).toMatch(e.message);
}

/** The healthctl/v1 document printed by `-o json`, checked to be one. */
export function parseReport(stdout: string): { outcome: string; exitCode: number; summary: string; error: string | null; components: Array<{ name: string; verdict: string; phase: string; condition: string }>; omittedComponents?: number; format: string | null } {
  const report: unknown = JSON.parse(stdout);
  expect(report).toMatchObject({ schema: 'healthctl/v1' });
  return report as ReturnType<typeof parseReport>;
}

/** One hostile endpoint and what healthctl must make of it. */
export interface HostileCase {
  name: string;
  /** Started once before the cases run; null for cases that need no server. */
  start: (() => Promise<HostileServer>) | null;
  target: (server: HostileServer | null) => string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  outcome: Outcome;
  message: RegExp;
  /** Extra checks on the JSON report. */
  json?: (report: ReturnType<typeof parseReport>) => void;
}

/**
 * Runs the built binary against each case's server under plain, docker and kubernetes, and once
 * more with -o json, and checks everything expectHardened promises.
 */
export function describeHostileCases(title: string, cases: readonly HostileCase[]): void {
  const servers = new Map<string, HostileServer>();
  beforeAll(async () => {
    await Promise.all(
      cases.map(async (c) => {
        if (c.start !== null) servers.set(c.name, await c.start());
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()));
  });
  const argsFor = (c: HostileCase, runtime: string, extra: string[] = []): string[] => [
    'probe', c.target(servers.get(c.name) ?? null), '--runtime', runtime, '--timeout', `${c.timeoutMs}ms`, ...(c.args ?? []), ...extra,
  ];
  const options = (c: HostileCase): CliOptions => (c.env === undefined ? {} : { env: c.env });

  describe.concurrent(title, () => {
    for (const c of cases) {
      for (const runtime of RUNTIMES) {
        it(`${c.name} — ${runtime}`, async () => {
          const r = await run(argsFor(c, runtime), options(c));
          expectHardened(r, { runtime, outcome: c.outcome, timeoutMs: c.timeoutMs, message: c.message });
        });
      }
      if (c.outcome !== 'usage') {
        it(`${c.name} — JSON report`, async () => {
          const r = await run(argsFor(c, 'kubernetes', ['-o', 'json']), options(c));
          const where = `exit ${String(r.code)} after ${Math.round(r.ms)} ms\n${r.stdout.slice(0, 1000)}${r.stderr}`;
          expect(r.code, where).toBe(EXIT[c.outcome].kubernetes);
          expect(r.ms, where).toBeLessThanOrEqual(c.timeoutMs + SLACK_MS);
          expect(Buffer.byteLength(r.stdout + r.stderr)).toBeLessThanOrEqual(10 * 1024);
          expect(r.stderr).toBe('');
          const report = parseReport(r.stdout);
          expect(report.outcome).toBe(c.outcome);
          expect(report.exitCode).toBe(r.code);
          expect(report.error ?? report.summary).toMatch(new RegExp(c.message.source.replace(/^\^\(\?:✗ \)\?/, '').replace(/^\^/, '')));
          c.json?.(report);
        });
      }
    }
  });
}
