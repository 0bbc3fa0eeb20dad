import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { bytesServer, multiplyingNamesBody, nestedSpringBody } from '../../helpers/hostile-servers.js';
import { describeHostileCases, type HostileCase } from './support.js';

const scratch = mkdtempSync(join(tmpdir(), 'healthctl-bounded-'));
const fifo = join(scratch, 'ca.fifo');
execFileSync('mkfifo', [fifo]);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Pomerium /status with `count` RUNNING components whose names are `chars` long (each written twice: in statuses and checks). */
function longNamesBody(count: number, chars: number): string {
  const names = Array.from({ length: count }, (_, i) => `${'a'.repeat(chars)}${i}`);
  return JSON.stringify({ statuses: Object.fromEntries(names.map((n) => [n, { status: 'RUNNING' }])), checks: names });
}

const springLeaves = (keyChars: number, leaves: number): string => {
  const key = 'p'.repeat(keyChars);
  const inner = Array.from({ length: leaves }, (_, i) => `"l${i}":{"status":"UP"}`).join(',');
  return `{"status":"UP","components":{"${key}":{"status":"UP","components":{"${key}":{"status":"UP","components":{"${key}":{"status":"UP","components":{${inner}}}}}}}}}`;
};

const CASES: HostileCase[] = [
  {
    // Today's binary: `internal error: Invalid string length` under plain, from about 2 GB of dotted names.
    name: 'nests Spring components 5,000 deep, 150-character names',
    start: () => bytesServer(200, 'application/json', nestedSpringBody(5000, 'n'.repeat(150))),
    target: (s) => `${s?.url}/actuator/health`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /a spring component name longer than 4096 characters \(healthctl's limit\) \(HTTP 200 from 127\.0\.0\.1:\d+\)/,
  },
  {
    // Today's binary: 1.3 GB of memory and 320 MB of output under plain.
    name: 'nests Spring components 17,000 deep, a DOWN leaf on every level',
    start: () => bytesServer(200, 'application/json', nestedSpringBody(17_000)),
    target: (s) => `${s?.url}/actuator/health`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /spring components nested more than 32 levels deep/,
  },
  {
    name: 'puts 3,000 Spring leaves under a 3,000-character path',
    start: () => bytesServer(200, 'application/json', springLeaves(1000, 3000)),
    target: (s) => `${s?.url}/actuator/health`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /spring component names longer than 4 Mi characters in all \(healthctl's limit\)/,
  },
  {
    // Today's binary: runs for minutes past any deadline, its memory growing, building 400 MB of attribute names.
    name: 'gives a health+json entry a 4,000-character componentId and 100,000 fields',
    start: () => bytesServer(200, 'application/health+json', multiplyingNamesBody(4000, 100_000)),
    target: (s) => `${s?.url}/health`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /health\+json attribute names longer than 4 Mi characters in all \(healthctl's limit\)/,
  },
  {
    // Today's binary: a regular expression that backtracks for hours.
    name: 'reports 8 names of 60,000 characters, matched by catastrophic globs',
    start: () => bytesServer(200, 'text/plain', longNamesBody(8, 60_000)),
    target: (s) => `${s?.url}/status`,
    args: ['--critical', '*a*a*a*a*a*a*a*a*b', '-e', '*a?a?a?a?a*c', '--only', '*a*a*a*a*a*a*'],
    timeoutMs: 2000,
    outcome: 'pass',
    message: /READY: 8 of 8 components ready/,
  },
  {
    // Today's binary: reads /dev/zero until 2.4 GB of memory, then times out.
    name: 'is given --cacert /dev/zero',
    start: null,
    target: () => 'https://127.0.0.1:1/status',
    args: ['--cacert', '/dev/zero'],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /^healthctl: --cacert \/dev\/zero is a device, not a file: give the path of a PEM file\n$/,
  },
  {
    // Today's binary: blocks opening the FIFO, and cannot exit even after its report.
    name: 'is given --cert from a FIFO nobody writes to',
    start: null,
    target: () => 'https://127.0.0.1:1/status',
    args: ['--cert', fifo],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /^healthctl: --cert \S+ca\.fifo is a FIFO or pipe, not a file/,
  },
  {
    name: 'is given a directory as --key',
    start: null,
    target: () => 'https://127.0.0.1:1/status',
    args: ['--cert', fifo, '--key', scratch],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /is (a FIFO or pipe|a directory), not a file: give the path of a PEM file/,
  },
];

describeHostileCases('work stays bounded, whatever the shape of the input', CASES);
