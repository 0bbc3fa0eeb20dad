import type { IncomingHttpHeaders } from 'node:http';
import type { HttpMethod } from './types.js';

/** The longest header block read, as Node's own HTTP parser allows (16 KiB). */
const MAX_HEAD_BYTES = 16 * 1024;

/** A response that is not HTTP/1.x, with the code and reason Node's parser (llhttp) gives the same fault. */
export class HttpParseError extends Error {
  readonly code: string;
  readonly reason: string;
  constructor(code: string, reason: string) {
    super(`Parse Error: ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

export interface ResponseHead {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
}

// As Node's IncomingMessage: these keep their first value, set-cookie is a list, others are joined with ', '.
const FIRST_WINS = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);

/** An HTTP token (RFC 9110): header names, methods. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?$/;
const HTTP_PREFIX = Buffer.from('HTTP/');

type BodyMode = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'until-close' };

/**
 * Reads one HTTP/1.1 response from the bytes a socket delivers: the head, then the body by
 * Content-Length, chunked transfer coding, or up to the close. Interim 1xx answers are skipped.
 * Malformed input throws HttpParseError as soon as the byte that makes it malformed arrives.
 */
export class ResponseReader {
  readonly #method: HttpMethod;
  #pending: Buffer = Buffer.alloc(0);
  #head: ResponseHead | null = null;
  #mode: BodyMode = { kind: 'none' };
  #chunkLeft = -1;
  #inTrailers = false;
  #done = false;

  constructor(method: HttpMethod) {
    this.#method = method;
  }

  get head(): ResponseHead | null {
    return this.#head;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Takes the next bytes; returns the body bytes they complete (empty while the head is still coming). */
  push(chunk: Buffer): Buffer[] {
    if (this.#done) return [];
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const body: Buffer[] = [];
    while (!this.#done) {
      if (this.#head === null) {
        if (!this.#readHead()) break;
        continue;
      }
      if (!this.#readBody(body)) break;
    }
    return body;
  }

  /** The peer closed: true when that ends the response (a body read up to the close). */
  end(): boolean {
    if (!this.#done && this.#head !== null && this.#mode.kind === 'until-close') this.#done = true;
    return this.#done;
  }

  #readHead(): boolean {
    const bytes = this.#pending;
    const prefix = Math.min(bytes.length, HTTP_PREFIX.length);
    if (!bytes.subarray(0, prefix).equals(HTTP_PREFIX.subarray(0, prefix))) throw new HttpParseError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) {
      if (bytes.length > MAX_HEAD_BYTES) throw new HttpParseError('HPE_HEADER_OVERFLOW', 'Header overflow');
      return false;
    }
    if (end > MAX_HEAD_BYTES) throw new HttpParseError('HPE_HEADER_OVERFLOW', 'Header overflow');
    const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
    this.#pending = bytes.subarray(end + 4);
    const status = STATUS_LINE.exec(statusLine);
    if (status === null) throw new HttpParseError('HPE_INVALID_STATUS', 'Invalid status code');
    const code = Number(status[1]);
    const headers = parseHeaders(lines);
    // 100 Continue, 102 Processing, 103 Early Hints: the answer is still to come (101 never is: nothing asks to upgrade).
    if (code >= 100 && code < 200 && code !== 101) return true;
    this.#head = { status: code, statusText: status[2] ?? '', headers };
    this.#mode = bodyMode(this.#method, code, headers);
    if (this.#mode.kind === 'none') this.#done = true;
    return true;
  }

  /** Moves what it can of the body into `out`; false when it needs more bytes. */
  #readBody(out: Buffer[]): boolean {
    const mode = this.#mode;
    if (mode.kind === 'until-close') {
      if (this.#pending.length > 0) out.push(this.#pending);
      this.#pending = Buffer.alloc(0);
      return false;
    }
    if (mode.kind === 'length') {
      const take = this.#pending.subarray(0, mode.left);
      if (take.length > 0) out.push(take);
      mode.left -= take.length;
      this.#pending = this.#pending.subarray(take.length);
      if (mode.left === 0) this.#done = true;
      return this.#done;
    }
    return this.#readChunk(out);
  }

  #readChunk(out: Buffer[]): boolean {
    if (this.#chunkLeft > 0) {
      const take = this.#pending.subarray(0, this.#chunkLeft);
      if (take.length === 0) return false;
      out.push(take);
      this.#chunkLeft -= take.length;
      this.#pending = this.#pending.subarray(take.length);
      return this.#chunkLeft === 0;
    }
    const eol = this.#pending.indexOf('\r\n');
    if (eol < 0) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpParseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
      return false;
    }
    const line = this.#pending.subarray(0, eol).toString('latin1');
    this.#pending = this.#pending.subarray(eol + 2);
    if (this.#inTrailers) {
      if (line === '') this.#done = true;
      return true;
    }
    if (this.#chunkLeft === 0) {
      // The CRLF after a chunk's data.
      if (line !== '') throw new HttpParseError('HPE_STRICT', 'Expected LF after chunk data');
      this.#chunkLeft = -1;
      return true;
    }
    const size = /^([0-9A-Fa-f]{1,15})[ \t]*(?:;.*)?$/.exec(line)?.[1];
    if (size === undefined) throw new HttpParseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
    this.#chunkLeft = Number.parseInt(size, 16);
    if (this.#chunkLeft === 0) this.#inTrailers = true;
    return true;
  }
}

function parseHeaders(lines: readonly string[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon);
    if (!TOKEN.test(name)) throw new HttpParseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token');
    const value = line.slice(colon + 1).trim();
    const key = name.toLowerCase();
    const previous = headers[key];
    if (previous === undefined) headers[key] = key === 'set-cookie' ? [value] : value;
    else if (Array.isArray(previous)) previous.push(value);
    else if (!FIRST_WINS.has(key)) headers[key] = `${previous}, ${value}`;
  }
  return headers;
}

function bodyMode(method: HttpMethod, status: number, headers: IncomingHttpHeaders): BodyMode {
  if (method === 'HEAD' || status === 204 || status === 304) return { kind: 'none' };
  const coding = headers['transfer-encoding'];
  const length = headers['content-length'];
  if (coding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(coding)) {
    if (length !== undefined) throw new HttpParseError('HPE_UNEXPECTED_CONTENT_LENGTH', "Content-Length can't be present with Transfer-Encoding");
    return { kind: 'chunked' };
  }
  if (length === undefined) return { kind: 'until-close' };
  if (!/^\d{1,15}$/.test(length)) throw new HttpParseError('HPE_INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length');
  const left = Number(length);
  return left === 0 ? { kind: 'none' } : { kind: 'length', left };
}
