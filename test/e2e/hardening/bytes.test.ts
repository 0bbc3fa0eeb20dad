import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../helpers/cli.js';
import { headersServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { describeHostileCases, type HostileCase } from './support.js';

// Pomerium labels its /status JSON text/plain: without decoding, a body is "unrecognised text" and passes by status.
const FAILING = '{"statuses":{"db":{"status":"RUNNING","error":"ping postgres: timeout"}},"checks":["db"]}';
const PASSING = '{"statuses":{"db":{"status":"RUNNING"}},"checks":["db"]}';
const NOT_READY = /NOT READY: 1 of 1 component not ready: db failed: ping postgres: timeout/;
const MiB = 1024 * 1024;

const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();
const utf32le = (text: string): Buffer => {
  const bytes = Buffer.alloc(text.length * 4);
  for (let i = 0; i < text.length; i++) bytes.writeUInt32LE(text.charCodeAt(i), i * 4);
  return bytes;
};
const withBom = (bom: number[], bytes: Buffer): Buffer => Buffer.concat([Buffer.from(bom), bytes]);
const gzipBomb = (): Buffer => gzipSync(Buffer.alloc(256 * MiB, 0x20), { level: 9 });

/** A body that says it is failing, sent with these headers: healthctl must read the failure. */
function saysFailing(name: string, headers: Record<string, string>, bytes: Buffer): HostileCase {
  return {
    name,
    start: () => headersServer(200, headers, bytes),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'fail',
    message: NOT_READY,
  };
}

function refused(name: string, status: number, headers: Record<string, string>, bytes: Buffer | string, message: RegExp): HostileCase {
  return { name, start: () => headersServer(status, headers, bytes), target: (s) => `${s?.url}/status`, timeoutMs: 2000, outcome: 'bad-response', message };
}

const DECODED: HostileCase[] = [
  saysFailing('gzip', { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, gzipSync(FAILING)),
  saysFailing('x-gzip', { 'Content-Type': 'text/plain', 'Content-Encoding': 'x-gzip' }, gzipSync(FAILING)),
  saysFailing('deflate (zlib)', { 'Content-Type': 'text/plain', 'Content-Encoding': 'deflate' }, deflateSync(FAILING)),
  saysFailing('deflate (raw)', { 'Content-Type': 'text/plain', 'Content-Encoding': 'deflate' }, deflateRawSync(FAILING)),
  saysFailing('br', { 'Content-Type': 'text/plain', 'Content-Encoding': 'br' }, brotliCompressSync(FAILING)),
  saysFailing('gzip, then br', { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip, br' }, brotliCompressSync(gzipSync(FAILING))),
  saysFailing('identity', { 'Content-Type': 'text/plain', 'Content-Encoding': 'identity' }, Buffer.from(FAILING)),
  saysFailing('UTF-16LE with a BOM', { 'Content-Type': 'text/plain' }, withBom([0xff, 0xfe], Buffer.from(FAILING, 'utf16le'))),
  saysFailing('UTF-16BE by charset', { 'Content-Type': 'text/plain; charset=utf-16be' }, utf16be(FAILING)),
  saysFailing('UTF-16LE with no BOM and no charset', { 'Content-Type': 'text/plain' }, Buffer.from(FAILING, 'utf16le')),
  saysFailing('UTF-16BE gzipped', { 'Content-Type': 'text/plain; charset=utf-16', 'Content-Encoding': 'gzip' }, gzipSync(utf16be(FAILING))),
  saysFailing('UTF-32LE with a BOM', { 'Content-Type': 'text/plain' }, withBom([0xff, 0xfe, 0, 0], utf32le(FAILING))),
  saysFailing('ISO-8859-1 by charset', { 'Content-Type': 'text/plain; charset=iso-8859-1' }, Buffer.from(FAILING, 'latin1')),
  {
    name: 'UTF-8 with a BOM, as application/json, passing',
    start: () => headersServer(200, { 'Content-Type': 'application/json' }, withBom([0xef, 0xbb, 0xbf], Buffer.from(PASSING))),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'pass',
    message: /READY: 1 of 1 component ready/,
  },
];

const REFUSED: HostileCase[] = [
  refused('Content-Encoding zstd', 200, { 'Content-Encoding': 'zstd' }, 'x', /Content-Encoding zstd is not supported \(healthctl decodes gzip, deflate and br\)/),
  refused('gzip, then compress', 200, { 'Content-Encoding': 'gzip, compress' }, gzipSync(PASSING), /Content-Encoding compress is not supported/),
  refused('a gzip bomb: 256 MiB of spaces', 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipBomb(), /response body larger than 1 MiB once decoded \(Content-Encoding gzip\)/),
  refused('a br bomb: 256 MiB of spaces', 200, { 'Content-Encoding': 'br' }, brotliCompressSync(Buffer.alloc(256 * MiB, 0x20)), /larger than 1 MiB once decoded \(Content-Encoding br\)/),
  refused('gzip cut short', 200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, gzipSync(PASSING).subarray(0, 20), /body does not decode as gzip \(unexpected end of file\)/),
  refused('gzip named, plain bytes sent', 200, { 'Content-Encoding': 'gzip' }, PASSING, /body does not decode as gzip \(incorrect header check\)/),
  refused('charset=utf-7', 200, { 'Content-Type': 'text/plain; charset=utf-7' }, FAILING, /charset utf-7 is not supported/),
  refused('302 without a Location', 302, {}, '', /redirect \(302\) without a Location header from 127\.0\.0\.1:\d+/),
  refused('301 with an empty Location', 301, { Location: '' }, '', /redirect \(301\) with an empty Location/),
  refused('300 Multiple Choices', 300, { Location: '/status' }, '', /HTTP 300 Multiple Choices: healthctl does not pick one of the choices/),
  refused('304 Not Modified to a plain GET', 304, {}, '', /HTTP 304 Not Modified, to a request that was not conditional/),
];

const HEAD: HostileCase[] = [
  {
    name: '--method HEAD with a body format',
    start: () => headersServer(200, { 'Content-Type': 'application/json' }, FAILING),
    target: (s) => `${s?.url}/status`,
    args: ['--method', 'HEAD'],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /--method HEAD reads no body, so only --format http-status can judge the answer: add --format http-status, or use GET/,
  },
  {
    name: 'HEALTHCTL_METHOD=HEAD with a body format',
    start: () => headersServer(200, { 'Content-Type': 'application/json' }, FAILING),
    target: (s) => `${s?.url}/status`,
    env: { HEALTHCTL_METHOD: 'HEAD' },
    timeoutMs: 2000,
    outcome: 'usage',
    message: /HEALTHCTL_METHOD HEAD reads no body/,
  },
  {
    name: '--method HEAD with --format http-status',
    start: () => headersServer(200, { 'Content-Type': 'application/json' }, FAILING),
    target: (s) => `${s?.url}/status`,
    args: ['--method', 'HEAD', '--format', 'http-status'],
    timeoutMs: 2000,
    outcome: 'pass',
    message: /READY: 1 of 1 component ready/,
  },
];

describeHostileCases('bytes are decoded as HTTP says: a failing body is read as failing', DECODED);
describeHostileCases('bytes that cannot be decoded, and 3xx answers, are bad responses', REFUSED);
describeHostileCases('HEAD is refused where the body decides', HEAD);

describe('a compression bomb costs no more than an ordinary probe', () => {
  let bomb: HostileServer;
  let ordinary: HostileServer;
  beforeAll(async () => {
    [bomb, ordinary] = await Promise.all([
      headersServer(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipBomb()),
      headersServer(200, { 'Content-Type': 'text/plain' }, FAILING),
    ]);
  });
  afterAll(() => Promise.all([bomb.close(), ordinary.close()]));

  /** Wall time and peak resident set of one probe, from GNU time. */
  const measure = (url: string): Promise<{ code: number | null; ms: number; kb: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb=%M', ...cliCommand(['probe', url, '--runtime', 'kubernetes', '--timeout', '2s']).flat()], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, ms: performance.now() - started, kb: Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN) }));
    });
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

  it.skipIf(!existsSync('/usr/bin/time'))('stops at the cap: time and memory side by side with a probe of a small body', async () => {
    const bombRuns: Array<{ ms: number; kb: number }> = [];
    const ordinaryRuns: Array<{ ms: number; kb: number }> = [];
    // Paired, one after the other, so both see the same machine.
    for (let i = 0; i < 3; i++) {
      const b = await measure(`${bomb.url}/status`);
      const o = await measure(`${ordinary.url}/status`);
      expect([b.code, o.code]).toEqual([3, 4]);
      bombRuns.push(b);
      ordinaryRuns.push(o);
    }
    const extraMb = (median(bombRuns.map((r) => r.kb)) - median(ordinaryRuns.map((r) => r.kb))) / 1024;
    expect(extraMb, 'the decoded body is held to 1 MiB').toBeLessThan(24);
    expect(median(bombRuns.map((r) => r.ms))).toBeLessThan(median(ordinaryRuns.map((r) => r.ms)) * 2 + 150);
  });
});
