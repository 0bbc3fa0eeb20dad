import { expect } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';

const RUNTIMES = ['plain', 'kubernetes', 'docker', 'nagios'] as const;
type Runtime = (typeof RUNTIMES)[number];
export type Outcome = 'pass' | 'warn' | 'fail' | 'unreachable' | 'timeout' | 'bad-response';

/** The exit code table users rely on (README), per runtime. */
const EXIT: Record<Outcome, Record<Runtime, number>> = {
  pass: { plain: 0, kubernetes: 0, docker: 0, nagios: 0 },
  warn: { plain: 0, kubernetes: 0, docker: 0, nagios: 1 },
  fail: { plain: 4, kubernetes: 4, docker: 1, nagios: 2 },
  unreachable: { plain: 2, kubernetes: 2, docker: 1, nagios: 2 },
  timeout: { plain: 3, kubernetes: 3, docker: 1, nagios: 2 },
  'bad-response': { plain: 3, kubernetes: 3, docker: 1, nagios: 3 },
};

const NAGIOS_STATE: Record<Outcome, string> = { pass: 'OK', warn: 'WARNING', fail: 'CRITICAL', unreachable: 'CRITICAL', timeout: 'CRITICAL', 'bad-response': 'UNKNOWN' };

export interface Expected {
  outcome: Outcome;
  /** The format healthctl must detect (null where none is identified); a list where the body fits several. */
  format: string | null | readonly string[];
  /** Text the first output line must hold under every runtime: the verdict and the service's own words. */
  says: ReadonlyArray<string | RegExp>;
}

export interface VerdictOptions {
  probe?: 'startup' | 'liveness' | 'readiness';
  /** Runs healthctl inside another network namespace (see startProgram's ownNetwork). */
  prefix?: readonly string[];
}

function firstLine(r: CliResult): string {
  return r.stdout.split('\n')[0] ?? '';
}

/**
 * One state of a real service, checked as its operator would: the outcome and format
 * (`-o json`), and under plain, kubernetes, docker and nagios the exit code and a first line
 * that carries the verdict and the service's own text.
 */
export async function expectVerdict(args: readonly string[], expected: Expected, options: VerdictOptions = {}): Promise<void> {
  // The runtimes' default deadlines (800 ms under Kubernetes) are for a quiet node; this suite
  // runs many services side by side on a small machine, so it gives every check the same 5 s.
  const deadline = args.includes('--timeout') ? [] : ['--timeout', '5s'];
  const base = [...args, ...deadline, ...(options.probe === undefined ? [] : ['--probe', options.probe])];
  const cli = { prefix: options.prefix ?? [] };
  const [json, ...texts] = await Promise.all([
    runCli(['probe', ...base, '--runtime', 'plain', '-o', 'json'], cli),
    ...RUNTIMES.map((runtime) => runCli(['probe', ...base, '--runtime', runtime], cli)),
  ]);
  if (json === undefined) throw new Error('no json run');
  const context = `healthctl probe ${base.join(' ')}\n${json.stdout}${json.stderr}`;
  const report = JSON.parse(json.stdout) as { outcome: string; format: string | null; summary: string };
  expect(report.outcome, context).toBe(expected.outcome);
  const formats = Array.isArray(expected.format) ? expected.format : [expected.format];
  expect(formats, context).toContain(report.format);
  for (const [i, runtime] of RUNTIMES.entries()) {
    const r = texts[i];
    if (r === undefined) throw new Error(`no ${runtime} run`);
    const line = firstLine(r);
    const where = `--runtime ${runtime}: ${line}\n${r.stderr}`;
    expect(r.code, where).toBe(EXIT[expected.outcome][runtime]);
    if (runtime === 'nagios') expect(line, where).toMatch(new RegExp(`^HEALTHCTL ${NAGIOS_STATE[expected.outcome]} - `));
    for (const text of expected.says) {
      if (typeof text === 'string') expect(line, where).toContain(text);
      else expect(line, where).toMatch(text);
    }
  }
}
