import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/check/decode-text.js';
import { detectAndParse } from '../../../src/formats/detect.js';
import { respond } from './support.js';

const FAIL = '{"status":"fail","output":"pool exhausted ✗"}';

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [...text].map((c) => c.codePointAt(0) ?? 0);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (littleEndian ? bytes.writeUInt32LE(p, i * 4) : bytes.writeUInt32BE(p, i * 4)));
  return bytes;
}

const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();
const BOM = { utf8: [0xef, 0xbb, 0xbf], le16: [0xff, 0xfe], be16: [0xfe, 0xff], le32: [0xff, 0xfe, 0, 0], be32: [0, 0, 0xfe, 0xff] };
const withBom = (bom: number[], bytes: Buffer): Buffer => Buffer.concat([Buffer.from(bom), bytes]);

describe('bodies decoded as the BOM or the charset says', () => {
  it.each([
    ['UTF-8, no charset', null, Buffer.from(FAIL)],
    ['UTF-8 with a BOM', 'application/json', withBom(BOM.utf8, Buffer.from(FAIL))],
    ['UTF-8 with a BOM and charset=utf-8', 'application/json; charset=utf-8', withBom(BOM.utf8, Buffer.from(FAIL))],
    ['UTF-16LE by BOM', 'text/plain', withBom(BOM.le16, Buffer.from(FAIL, 'utf16le'))],
    ['UTF-16BE by BOM', 'application/json', withBom(BOM.be16, utf16be(FAIL))],
    ['UTF-16LE by charset', 'application/json; charset=UTF-16LE', Buffer.from(FAIL, 'utf16le')],
    ['UTF-16BE by charset', 'application/json; charset="utf-16be"', utf16be(FAIL)],
    ['bare utf-16, little-endian bytes', 'text/plain; charset=utf-16', Buffer.from(FAIL, 'utf16le')],
    ['bare utf-16, big-endian bytes', 'text/plain; charset=utf-16', utf16be(FAIL)],
    ['UTF-16LE with neither (NUL pattern)', 'text/plain', Buffer.from(FAIL, 'utf16le')],
    ['UTF-16BE with neither (NUL pattern)', null, utf16be(FAIL)],
    ['UTF-16BE labelled utf-8 (NUL pattern)', 'text/plain; charset=utf-8', utf16be(FAIL)],
    ['UTF-32LE by BOM', 'text/plain', withBom(BOM.le32, utf32(FAIL, true))],
    ['UTF-32BE by BOM', 'text/plain', withBom(BOM.be32, utf32(FAIL, false))],
    ['UTF-32 by charset, big-endian', 'application/json; charset=utf-32', utf32(FAIL, false)],
    ['UTF-32 by charset, little-endian bytes', 'application/json; charset=utf-32', utf32(FAIL, true)],
    ['UTF-32LE by charset', 'application/json; charset=utf-32le', utf32(FAIL, true)],
    ['UTF-32LE with neither (NUL pattern)', null, utf32(FAIL, true)],
    ['a BOM wins over the charset', 'application/json; charset=iso-8859-1', withBom(BOM.le16, Buffer.from(FAIL, 'utf16le'))],
  ])('%s', (_name, contentType, bytes) => {
    const decoded = decodeText(bytes, contentType);
    expect(decoded).toEqual({ ok: true, text: FAIL });
    // …and so the service's "fail" is read, never a pass by HTTP status.
    const parsed = detectAndParse(respond(decoded.ok ? decoded.text : '', { contentType }), 'auto');
    expect(parsed.ok && parsed.model.format).toBe('health-json');
  });

  it('decodes any other charset Node knows', () => {
    const latin1 = Buffer.from('{"status":"fail","output":"d\u00e9faillance"}', 'latin1');
    expect(decodeText(latin1, 'application/json; charset=ISO-8859-1')).toEqual({ ok: true, text: '{"status":"fail","output":"défaillance"}' });
    const sjis = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x82, 0xa0, 0x22, 0x7d]);
    expect(decodeText(sjis, 'text/plain; charset=Shift_JIS')).toEqual({ ok: true, text: '{"a":"あ"}' });
  });

  it.each([
    ['utf-7', 'charset utf-7 is not supported'],
    ['x-user-defined', 'charset x-user-defined is not supported'],
    ['iso-2022-kr', 'charset iso-2022-kr is not supported'],
    ['\u001b[31m', 'charset (malformed) is not supported'],
  ])('refuses charset %j, naming it only when it is a plain name', (charset, error) => {
    expect(decodeText(Buffer.from(FAIL), `application/json; charset=${charset}`)).toEqual({ ok: false, error });
  });

  it('replaces invalid sequences, as before, and keeps the rest', () => {
    expect(decodeText(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json')).toEqual({ ok: true, text: '{\ufffd}' });
    expect(decodeText(Buffer.from([0, 0, 0, 0x7b, 0, 0x11, 0, 0, 0, 0, 0]), 'text/plain; charset=utf-32')).toEqual({ ok: true, text: '{\ufffd\ufffd' });
  });

  it('reads every UTF-8 text exactly as Buffer#toString did when there is no BOM and no NUL up front', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(null, 'application/json', 'text/plain; charset=utf-8'), (text, contentType) => {
        fc.pre(!text.startsWith('\ufeff') && !text.slice(0, 2).includes('\0'));
        expect(decodeText(Buffer.from(text), contentType)).toEqual({ ok: true, text });
      }),
      { numRuns: 2000 },
    );
  });
});
