// Loaded with import() only for a response that names a Content-Encoding: a plain probe never loads node:zlib.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { formatBytes } from '../base/bytes.js';
import { HealthctlError } from '../base/errors.js';
import type { Timings } from '../base/timings.js';
import { errorCode } from './net-errors.js';

type Decoder = (input: Buffer, options: ZlibOptions) => Buffer;

/** deflate is a zlib stream by the RFC, raw DEFLATE from some servers; a zlib header tells them apart, as curl does. */
function inflateEither(input: Buffer, options: ZlibOptions): Buffer {
  const [cmf = 0, flg = 0] = input;
  const zlibHeader = (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
  return zlibHeader ? inflateSync(input, options) : inflateRawSync(input, options);
}

/** The codings healthctl undoes; `x-gzip` is gzip's old name (RFC 9110 §8.4.1.3). */
const DECODERS: Record<string, Decoder> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateEither,
  br: brotliDecompressSync,
};

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]{1,40}$/;

export interface DecodeContext {
  /** The decoded body may be at most this long, after every coding is undone. */
  maxBytes: number;
  address: string;
  timings: Timings;
}

/**
 * The body as the server meant it: each coding of `codings` (in the order the header lists
 * them, so the last applied is undone first), with the output of every step held to
 * `maxBytes`, so a compression bomb stops at the cap. A coding it cannot undo, or bytes that
 * do not decode, are `bad-response`: compressed bytes are never read as text.
 */
export function decodeContentCodings(body: Buffer, codings: readonly string[], context: DecodeContext): Buffer {
  const refuse = (message: string, cause?: unknown): HealthctlError =>
    new HealthctlError('bad-response', `${message} from ${context.address}`, { phase: 'body', address: context.address, timings: context.timings, cause });
  for (const coding of codings) {
    const decode = DECODERS[coding];
    if (decode === undefined) {
      const named = TOKEN.test(coding) ? `Content-Encoding ${coding}` : 'a malformed Content-Encoding';
      throw refuse(`${named} is not supported (healthctl decodes gzip, deflate and br)`);
    }
  }
  let bytes = body;
  for (const coding of [...codings].reverse()) {
    const decode = DECODERS[coding];
    if (decode === undefined) continue;
    try {
      bytes = decode(bytes, { maxOutputLength: context.maxBytes });
    } catch (error) {
      if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE') throw refuse(`response body larger than ${formatBytes(context.maxBytes)} once decoded (Content-Encoding ${coding})`, error);
      const reason = error instanceof Error ? error.message : String(error);
      throw refuse(`body does not decode as ${coding} (${reason})`, error);
    }
  }
  return bytes;
}
