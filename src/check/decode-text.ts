/** A body as text, or why its bytes cannot be read as any text healthctl knows. */
export type DecodedText = { ok: true; text: string } | { ok: false; error: string };

type Utf32 = 'utf-32le' | 'utf-32be';
type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | Utf32;

/** Byte order marks, longest first: FF FE 00 00 is UTF-32LE, not UTF-16LE followed by a NUL. */
const BOMS: ReadonlyArray<readonly [readonly number[], Encoding]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const UTF32_LABELS: ReadonlyMap<string, Utf32 | null> = new Map([
  ['utf-32', null],
  ['utf-32le', 'utf-32le'],
  ['utf-32be', 'utf-32be'],
]);
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const TOKEN = /^[\w.:+-]{1,40}$/;

/**
 * Decodes a body as HTTP says: a byte order mark first (it wins over the header, as in browsers),
 * then the Content-Type charset, else UTF-8. UTF-16 and UTF-32 JSON sent without either is
 * recognised by where its NUL bytes fall (RFC 4627 §3), so it is never read as UTF-8 noise.
 * Invalid sequences become U+FFFD; a charset that Node cannot decode is refused.
 */
export function decodeText(bytes: Buffer, contentType: string | null): DecodedText {
  const label = contentType === null ? null : (CHARSET.exec(contentType)?.[1]?.toLowerCase() ?? null);
  const utf8 = label === null || UTF8_LABELS.has(label);
  // The usual answer: UTF-8 (or no charset), no BOM, no NUL in the first two bytes.
  if (utf8 && !startsOddly(bytes)) return { ok: true, text: bytes.toString('utf8') };
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom !== undefined) return { ok: true, text: decodeAs(bom[1], bytes.subarray(bom[0].length)) };
  if (utf8 || label === null) return { ok: true, text: decodeAs(sniffNulls(bytes) ?? 'utf-8', bytes) };
  if (UTF32_LABELS.has(label)) return { ok: true, text: decodeAs(UTF32_LABELS.get(label) ?? sniffUtf32(bytes), bytes) };
  // A bare `utf-16` says nothing of byte order: the NULs of ASCII text do.
  if (label === 'utf-16' && sniffNulls(bytes) === 'utf-16be') return { ok: true, text: decodeAs('utf-16be', bytes) };
  try {
    return { ok: true, text: new TextDecoder(label).decode(bytes) };
  } catch {
    return { ok: false, error: `charset ${TOKEN.test(label) ? label : '(malformed)'} is not supported` };
  }
}

function startsOddly(bytes: Buffer): boolean {
  const first = bytes[0];
  return first === 0x00 || first === 0xef || first === 0xfe || first === 0xff || bytes[1] === 0x00;
}

/** Where the NULs fall in the first four bytes (`0` a NUL, `x` any other byte) → the encoding. */
const NUL_PATTERNS: Readonly<Record<string, Encoding>> = { '000x': 'utf-32be', x000: 'utf-32le', '0x0x': 'utf-16be', x0x0: 'utf-16le' };

/** RFC 4627 §3: JSON starts with two ASCII characters, so its first four bytes show the encoding. */
function sniffNulls(bytes: Buffer): Encoding | null {
  if (bytes.length < 4) return null;
  const pattern = [0, 1, 2, 3].map((i) => (bytes[i] === 0x00 ? '0' : 'x')).join('');
  return NUL_PATTERNS[pattern] ?? null;
}

/** UTF-32 without a BOM is big-endian by the standard, unless its NULs say otherwise. */
function sniffUtf32(bytes: Buffer): Utf32 {
  return sniffNulls(bytes) === 'utf-32le' ? 'utf-32le' : 'utf-32be';
}

function decodeAs(encoding: Encoding, bytes: Buffer): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** Node's TextDecoder has no UTF-32. Invalid code points and a cut-off last unit become U+FFFD. */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  let points: number[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const point = at + 4 <= bytes.length ? view.getUint32(at, littleEndian) : 0xfffd;
    points.push(point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? 0xfffd : point);
    if (points.length === 8192) {
      chunks.push(String.fromCodePoint(...points));
      points = [];
    }
  }
  chunks.push(String.fromCodePoint(...points));
  return chunks.join('');
}
