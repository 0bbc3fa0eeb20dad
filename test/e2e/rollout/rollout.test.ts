import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

// The small version of `npm run bench:rollout`: 2 instances behind the balancer, one replaced
// under 100 req/s. Each run takes about 20 s; the two gates run side by side. On a starved
// machine the balancer can take seconds to accept a new connection (up to 7 s seen at load 18
// on 2 cores), so a request counts as failed on an error or a non-200 answer, or after 30 s.
const SMALL = [
  ...['--instances', '2', '--replacements', '1', '--rate', '100', '--min-duration', '0'],
  ...['--ready-after-ms', '3000', '--request-timeout-ms', '30000'],
];

interface Replacement {
  admittedAfterMs: number;
  oldLeftPoolAfterMs: number;
  oldExitedAfterMs: number;
}

interface GateResult {
  gate: string;
  sent: number;
  failed: number;
  reasons: Record<string, number>;
  replacements: Replacement[];
}

interface BenchRun {
  code: number | null;
  stderr: string;
  result: GateResult;
}

const scratch = mkdtempSync(join(tmpdir(), 'healthctl-rollout-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number') throw new Error(`bench output: ${key} is not a number`);
  return value;
}

/** Validates the one result `run.mjs --json` prints for a single gate. */
function parseResult(stdout: string): GateResult {
  const parsed: unknown = JSON.parse(stdout);
  if (!isRecord(parsed) || !Array.isArray(parsed['results']) || parsed['results'].length !== 1) {
    throw new Error(`bench output: expected one result, got ${stdout.slice(0, 200)}`);
  }
  const result: unknown = parsed['results'][0];
  if (!isRecord(result) || typeof result['gate'] !== 'string' || !isRecord(result['reasons']) || !Array.isArray(result['replacements'])) {
    throw new Error('bench output: malformed result');
  }
  const reasons: Record<string, number> = {};
  for (const [reason, count] of Object.entries(result['reasons'])) {
    if (typeof count !== 'number') throw new Error(`bench output: reason ${reason} has no count`);
    reasons[reason] = count;
  }
  const replacements = result['replacements'].map((entry: unknown): Replacement => {
    if (!isRecord(entry)) throw new Error('bench output: malformed replacement');
    return {
      admittedAfterMs: num(entry, 'admittedAfterMs'),
      oldLeftPoolAfterMs: num(entry, 'oldLeftPoolAfterMs'),
      oldExitedAfterMs: num(entry, 'oldExitedAfterMs'),
    };
  });
  return { gate: result['gate'], sent: num(result, 'sent'), failed: num(result, 'failed'), reasons, replacements };
}

function runBench(gate: 'naive' | 'healthctl'): Promise<BenchRun> {
  const args = [join(REPO_ROOT, 'bench/rollout/run.mjs'), '--gate', gate, ...SMALL, '--json', '--out', join(scratch, `${gate}.md`)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`bench:rollout --gate ${gate} exited ${code}\n${stderr}`));
        return;
      }
      resolve({ code, stderr, result: parseResult(stdout) });
    });
  });
}

describe('rolling update under load (small bench:rollout)', () => {
  it.concurrent(
    'behind the healthctl readiness gate, no request fails',
    async () => {
      const { result, stderr } = await runBench('healthctl');
      expect(result.gate).toBe('healthctl');
      expect(result.sent, stderr).toBeGreaterThan(300);
      expect(result.failed, `${JSON.stringify(result.reasons)}\n${stderr}`).toBe(0);
      expect(result.replacements).toHaveLength(1);
      const [replacement] = result.replacements;
      // the mechanism: readiness fails at SIGTERM, so the gate takes the old instance out while it still serves
      expect(replacement?.oldLeftPoolAfterMs, stderr).toBeLessThan(replacement?.oldExitedAfterMs ?? 0);
      expect(stderr).toMatch(/gate removes healthctl-1 \(exit (4: NOT READY|3: TIMEOUT)/);
    },
    120_000,
  );

  it.concurrent(
    'behind a port-open gate, the same rollout loses requests (the test can fail)',
    async () => {
      const { result, stderr } = await runBench('naive');
      expect(result.gate).toBe('naive');
      expect(result.sent, stderr).toBeGreaterThan(300);
      expect(result.failed, stderr).toBeGreaterThan(0);
      // refused or reset at the closed port, or answered 503 while still initialising
      const reasons = Object.keys(result.reasons);
      expect(reasons.some((reason) => /^502 upstream-|^503 from instance/.test(reason)), JSON.stringify(result.reasons)).toBe(true);
    },
    120_000,
  );
});
