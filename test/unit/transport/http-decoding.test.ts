import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeTransports, TRANSPORTS } from './transports.js';
import { closeAll, failure, listen, makeRequest } from './servers.js';

afterEach(closeAll);
afterAll(closeTransports);

const FAIL = '{"status":"fail"}';

/** Answers every request with these headers and bytes, and records the request headers. */
async function serve(status: number, headers: OutgoingHttpHeaders, body: Buffer | string = '', seen: IncomingHttpHeaders[] = []): Promise<string> {
  const port = await listen(
    createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(status, headers);
      res.end(body);
    }),
  );
  return `http://127.0.0.1:${port}/health`;
}

describe.each(TRANSPORTS)('Content-Encoding, %s', (_transport, httpRequest) => {
  it.each([
    ['gzip', gzipSync(FAIL)],
    ['x-gzip', gzipSync(FAIL)],
    ['GZip', gzipSync(FAIL)],
    ['deflate', deflateSync(FAIL)],
    ['deflate', deflateRawSync(FAIL)],
    ['br', brotliCompressSync(FAIL)],
    ['identity', Buffer.from(FAIL)],
    ['gzip, br', brotliCompressSync(gzipSync(FAIL))],
    ['identity, gzip', gzipSync(FAIL)],
  ])('undoes %s', async (coding, bytes) => {
    const res = await httpRequest(makeRequest(await serve(200, { 'content-encoding': coding }, bytes)));
    expect(res.body.toString()).toBe(FAIL);
  });

  it.each([
    ['zstd', 'Content-Encoding zstd is not supported (healthctl decodes gzip, deflate and br)'],
    ['compress', 'Content-Encoding compress is not supported (healthctl decodes gzip, deflate and br)'],
    ['gzip, zstd', 'Content-Encoding zstd is not supported (healthctl decodes gzip, deflate and br)'],
    ['gz\u00ffip', 'a malformed Content-Encoding is not supported (healthctl decodes gzip, deflate and br)'],
  ])('refuses %s, naming it', async (coding, message) => {
    const url = await serve(200, { 'content-encoding': coding }, gzipSync(FAIL));
    const err = await failure(httpRequest(makeRequest(url)));
    expect(err.outcome).toBe('bad-response');
    expect(err.phase).toBe('body');
    expect(err.message).toBe(`${message} from ${new URL(url).host}`);
  });

  it.each([
    ['gzip', gzipSync(FAIL).subarray(0, 12), /^body does not decode as gzip \(unexpected end of file\)/],
    ['gzip', Buffer.from(FAIL), /^body does not decode as gzip \(incorrect header check\)/],
    ['br', Buffer.from([0xff, 0xff, 0xff]), /^body does not decode as br /],
  ])('refuses a %s body that does not decode, rather than reading its bytes', async (coding, bytes, message) => {
    const err = await failure(httpRequest(makeRequest(await serve(200, { 'content-encoding': coding }, bytes))));
    expect(err.outcome).toBe('bad-response');
    expect(err.message).toMatch(message);
  });

  it.each([
    ['gzip', gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20), { level: 9 })],
    ['br', brotliCompressSync(Buffer.alloc(256 * 1024 * 1024, 0x20))],
  ])('stops a %s bomb at the cap on the decoded size', async (coding, bomb) => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const url = await serve(200, { 'content-encoding': coding, 'content-type': 'application/json' }, bomb);
    const err = await failure(httpRequest(makeRequest(url)));
    expect(err.message).toBe(`response body larger than 1 MiB once decoded (Content-Encoding ${coding}) from ${new URL(url).host}`);
    // Exactly the cap once decoded is still read.
    const fits = await serve(200, { 'content-encoding': coding }, coding === 'gzip' ? gzipSync(Buffer.alloc(1024 * 1024, 0x20)) : brotliCompressSync(Buffer.alloc(1024 * 1024, 0x20)));
    expect((await httpRequest(makeRequest(fits))).body.length).toBe(1024 * 1024);
  });

  it('reads no body, so decodes none, for HEAD and for an empty answer', async () => {
    const url = await serve(204, { 'content-encoding': 'gzip' });
    expect((await httpRequest(makeRequest(url))).body.length).toBe(0);
  });

  it('asks for the body uncompressed, unless a header says otherwise', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const url = await serve(200, {}, '', seen);
    await httpRequest(makeRequest(url));
    await httpRequest(makeRequest(url, { headers: [['accept-encoding', 'gzip']] }));
    expect(seen.map((h) => h['accept-encoding'])).toEqual(['identity', 'gzip']);
  });
});

describe.each(TRANSPORTS)('3xx answers are followed or refused, never final, %s', (_transport, httpRequest) => {
  it.each([
    [302, {}, 'redirect (302) without a Location header from'],
    [301, { location: '' }, 'redirect (301) with an empty Location from'],
    [307, { location: '   ' }, 'redirect (307) with an empty Location from'],
    [300, { location: '/elsewhere' }, 'HTTP 300 Multiple Choices: healthctl does not pick one of the choices (from'],
    [304, {}, 'HTTP 304 Not Modified, to a request that was not conditional: there is no state to read (from'],
    [305, { location: '/proxy' }, 'HTTP 305 Use Proxy: healthctl never goes through a proxy (from'],
    [399, {}, 'HTTP 399: a redirection healthctl does not follow (from'],
  ])('%i %j is a bad response', async (status, headers, message) => {
    const url = await serve(status, headers);
    const err = await failure(httpRequest(makeRequest(url)));
    expect(err.outcome).toBe('bad-response');
    expect(err.message).toBe(`${message} ${new URL(url).host}${message.endsWith('(from') ? ')' : ''}`);
  });

  it('an unparsable Location is a bad response', async () => {
    const err = await failure(httpRequest(makeRequest(await serve(302, { location: 'http://[::1' }))));
    expect(err.message).toBe('redirect (302) to an invalid Location not followed');
  });
});
