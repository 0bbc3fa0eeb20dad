import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpParseError, ResponseReader } from '../../../src/transport/http-response.js';
import { requestHead } from '../../../src/transport/http-exchange.js';

/** Feeds `pieces` one by one; returns the head, the body and whether the response ended (after `close`, when given). */
function read(pieces: ReadonlyArray<string | Buffer>, options: { method?: 'GET' | 'HEAD'; close?: boolean } = {}) {
  const reader = new ResponseReader(options.method ?? 'GET');
  const body: Buffer[] = [];
  for (const piece of pieces) body.push(...reader.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece, 'latin1')));
  const done = options.close === true ? reader.end() : reader.done;
  return { head: reader.head, body: Buffer.concat(body).toString('latin1'), done };
}

function parseError(pieces: string[]): HttpParseError {
  try {
    read(pieces);
  } catch (error) {
    if (error instanceof HttpParseError) return error;
    throw error;
  }
  throw new Error('no parse error');
}

describe('ResponseReader: one HTTP/1.1 response from socket bytes', () => {
  it('reads a Content-Length body and stops at its end', () => {
    const r = read(['HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":"UP"}\nextra']);
    expect(r.head).toEqual({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json', 'content-length': '11' } });
    expect(r.body).toBe('{"a":"UP"}\n');
    expect(r.done).toBe(true);
  });

  it('decodes chunked transfer coding, with extensions and trailers', () => {
    const r = read(['HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n', '4;ext=1\r\nDOWN\r\n', 'A\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n']);
    expect(r.head?.status).toBe(503);
    expect(r.head?.statusText).toBe('Service Unavailable');
    expect(r.body).toBe('DOWN0123456789');
    expect(r.done).toBe(true);
  });

  it('reads a body without a length up to the close', () => {
    const open = read(['HTTP/1.0 200 OK\r\n\r\nhello ', 'world']);
    expect(open.done).toBe(false);
    const closed = read(['HTTP/1.0 200 OK\r\n\r\nhello ', 'world'], { close: true });
    expect(closed).toMatchObject({ body: 'hello world', done: true });
  });

  it('does not end a Content-Length or chunked body at the close', () => {
    expect(read(['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123'], { close: true }).done).toBe(false);
    expect(read(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nDOWN\r\n'], { close: true }).done).toBe(false);
  });

  it('skips interim 1xx answers', () => {
    const r = read(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']);
    expect(r.head?.status).toBe(200);
    expect(r.head?.headers).toEqual({ 'content-length': '2' });
    expect(r.body).toBe('ok');
  });

  it('reads no body for HEAD, 204 and 304, whatever their headers declare', () => {
    expect(read(['HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n'], { method: 'HEAD' })).toMatchObject({ body: '', done: true });
    expect(read(['HTTP/1.1 204 No Content\r\n\r\n'])).toMatchObject({ body: '', done: true });
    expect(read(['HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n'])).toMatchObject({ body: '', done: true });
  });

  it('merges repeated headers as Node does: first Content-Type and Location win, set-cookie is a list, the rest join', () => {
    const r = read(['HTTP/1.1 200 OK\r\nContent-Type: a/b\r\ncontent-type: c/d\r\nLocation: /1\r\nLocation: /2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nVary: x\r\nVARY:  y \r\nContent-Length: 0\r\n\r\n']);
    expect(r.head?.headers).toEqual({ 'content-type': 'a/b', location: '/1', 'set-cookie': ['a=1', 'b=2'], vary: 'x, y', 'content-length': '0' });
  });

  it.each([
    [['SSH-2.0-OpenSSH_9.2\r\n'], 'HPE_INVALID_CONSTANT'],
    [['S'], 'HPE_INVALID_CONSTANT'],
    [['HTTP/1.1 2000 OK\r\n\r\n'], 'HPE_INVALID_STATUS'],
    [['HTTP/2 200\r\n\r\n'], 'HPE_INVALID_STATUS'],
    [['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'], 'HPE_INVALID_HEADER_TOKEN'],
    [['HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n'], 'HPE_INVALID_HEADER_TOKEN'],
    [['HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n'], 'HPE_INVALID_CONTENT_LENGTH'],
    [['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n'], 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    [['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'], 'HPE_INVALID_CHUNK_SIZE'],
    [['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n'], 'HPE_STRICT'],
    [[`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(17_000)}`], 'HPE_HEADER_OVERFLOW'],
  ])('refuses %j as %s, as soon as the faulty byte arrives', (pieces, code) => {
    const error = parseError(pieces);
    expect(error.code).toBe(code);
    expect(error.reason).not.toBe('');
  });

  it('gives the same answer however the socket splits the bytes', () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
    const response = fc.record({
      status: fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304),
      headers: fc.array(fc.tuple(token, fc.stringMatching(/^[ -~]{0,20}$/)), { maxLength: 5 }),
      body: fc.string({ maxLength: 300 }),
      framing: fc.constantFrom('length', 'chunked', 'close'),
      chunkSize: fc.integer({ min: 1, max: 64 }),
    });
    fc.assert(
      fc.property(response, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }), (r, cuts) => {
        const headers = r.headers.filter(([name]) => !/^(content-length|transfer-encoding)$/i.test(name)).map(([n, v]) => `${n}: ${v}\r\n`).join('');
        const bytes = Buffer.from(r.body, 'utf8');
        let framed: string;
        if (r.framing === 'length') framed = `Content-Length: ${bytes.length}\r\n\r\n${bytes.toString('latin1')}`;
        else if (r.framing === 'close') framed = `\r\n${bytes.toString('latin1')}`;
        else {
          let chunks = '';
          for (let at = 0; at < bytes.length; at += r.chunkSize) {
            const piece = bytes.subarray(at, at + r.chunkSize);
            chunks += `${piece.length.toString(16)}\r\n${piece.toString('latin1')}\r\n`;
          }
          framed = `Transfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`;
        }
        const whole = Buffer.from(`HTTP/1.1 ${r.status} Reason\r\n${headers}${framed}`, 'latin1');
        const pieces: Buffer[] = [];
        let at = 0;
        for (const cut of cuts) {
          pieces.push(whole.subarray(at, at + cut));
          at += cut;
        }
        pieces.push(whole.subarray(at));
        const once = read([whole], { close: r.framing === 'close' });
        const split = read(pieces, { close: r.framing === 'close' });
        expect(split).toEqual(once);
        expect(once.done).toBe(true);
        expect(once.head?.status).toBe(r.status);
        expect(Buffer.from(once.body, 'latin1').equals(bytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('requestHead: the bytes node:http would send', () => {
  it('writes the headers in order, one line per value, and closes the connection', () => {
    const head = requestHead('GET', new URL('http://127.0.0.1:8080/status?x=1'), { 'X-A': ['1', '2'], Host: '127.0.0.1:8080', 'User-Agent': 'healthctl' });
    expect(head).toBe('GET /status?x=1 HTTP/1.1\r\nX-A: 1\r\nX-A: 2\r\nHost: 127.0.0.1:8080\r\nUser-Agent: healthctl\r\nConnection: close\r\n\r\n');
  });

  it('leaves Connection to a caller that set it', () => {
    expect(requestHead('HEAD', new URL('http://h/'), { connection: 'keep-alive' })).toBe('HEAD / HTTP/1.1\r\nconnection: keep-alive\r\n\r\n');
  });
});
