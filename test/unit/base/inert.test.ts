import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertBlock, makeAscii, makeInert, makeInertForNagios } from '../../../src/base/inert.js';
import { FORBIDDEN_IN_LINE as FORBIDDEN } from '../../helpers/inert.js';

/** Reads the escapes back: `\\`, `\n`, `\r`, `\t`, `\xHH`, `\uHHHH`; any other backslash is itself. */
function decode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (c !== '\\' || next === undefined) {
      out += c;
      continue;
    }
    const hex = (n: number): number | null => (/^[0-9a-f]+$/.test(text.slice(i + 2, i + 2 + n)) && text.slice(i + 2, i + 2 + n).length === n ? parseInt(text.slice(i + 2, i + 2 + n), 16) : null);
    const simple: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t' };
    const x = next === 'x' ? hex(2) : null;
    const u = next === 'u' ? hex(4) : null;
    if (simple[next] !== undefined) {
      out += simple[next];
      i += 1;
    } else if (x !== null) {
      out += String.fromCharCode(x);
      i += 3;
    } else if (u !== null) {
      out += String.fromCharCode(u);
      i += 5;
    } else out += c;
  }
  return out;
}

const tricky = fc.constantFrom(
  '\x1b[2J', '\x1b]52;c;aGVsbG8=\x07', '\x1bP1$r\x1b\\', '\x9b31m', '\r', '\n', '\r\n', '\t', '\0', '\x7f', '\x85',
  '\u202e', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029', '\ud800', '\udfff', '😀', '|',
  '\\', '\\n', '\\x1b', '\\u202e', '\\\\', 'x', 'u', 'é', ' ',
);
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
/** Any sequence of UTF-16 code units, weighted towards the ones that matter. */
const hostile = fc.array(fc.oneof(tricky, codeUnit, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));

describe('makeInert: text from a service is data', () => {
  it('writes each control, bidi control and lone surrogate as a visible escape, in one convention', () => {
    expect(makeInert('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(makeInert('clip\x1b]52;c;aGk=\x07')).toBe('clip\\x1b]52;c;aGk=\\x07');
    expect(makeInert('one\ntwo\r\n\tthree')).toBe('one\\ntwo\\r\\n\\tthree');
    expect(makeInert('nul\0 del\x7f csi\x9b')).toBe('nul\\x00 del\\x7f csi\\x9b');
    expect(makeInert('\u202egnp.exe \u2066x\u2069 \u200f\u061c')).toBe('\\u202egnp.exe \\u2066x\\u2069 \\u200f\\u061c');
    expect(makeInert('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
    expect(makeInert('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
  });

  it('leaves ordinary text alone, the same string when there is nothing to do', () => {
    const text = 'storage.backend: ping postgres: timeout — naïve 😀 C:\\data';
    expect(makeInert(text)).toBe(text);
    expect(makeInert('|')).toBe('|');
  });

  it('doubles a backslash only where it would read as an escape, so nothing is ambiguous', () => {
    expect(makeInert('C:\\new\\temp\\data')).toBe('C:\\\\new\\\\temp\\data');
    expect(makeInert('literal \\x1b vs real \x1b')).toBe('literal \\\\x1b vs real \\x1b');
    expect(makeInert('\\\x1b')).toBe('\\\\\\x1b');
    expect(makeInert('ends with \\')).toBe('ends with \\');
  });

  it('for Nagios, writes | as \\x7c: nothing of the service can start perfdata', () => {
    expect(makeInertForNagios('a | b=1;;;0')).toBe('a \\x7c b=1;;;0');
    expect(makeInertForNagios('\\|')).toBe('\\\\\\x7c');
  });

  it('a raw body keeps its own line breaks and tabs, and its backslashes as sent', () => {
    expect(inertBlock('{\n\t"a": "x\\ny"\x1b[2J\r\n}')).toBe('{\n\t"a": "x\\ny"\\x1b[2J\\r\n}\n');
  });

  it('makeAscii leaves only printable ASCII', () => {
    expect(makeAscii('STATUS=é \ud800 \0')).toBe('STATUS=\\xe9 \\ud800 \\x00');
  });

  it('property: the output never holds a control, bidi control or lone surrogate, and reads back to the exact input', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const line = makeInert(text);
        expect(line).not.toMatch(FORBIDDEN);
        expect(decode(line)).toBe(text);
        const nagios = makeInertForNagios(text);
        expect(nagios).not.toMatch(FORBIDDEN);
        expect(nagios).not.toContain('|');
        expect(decode(nagios)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: a raw body keeps only its own line breaks and tabs, and loses nothing', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const block = makeInert(text, { block: true });
        expect(block.replace(/[\n\t]/g, '')).not.toMatch(FORBIDDEN);
        // Without backslashes of its own, a body reads back exactly.
        if (!text.includes('\\')) expect(decode(block)).toBe(text);
        else expect(block.length).toBeGreaterThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: ASCII fallback keeps every character as itself or an escape', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const ascii = makeAscii(text);
        expect(ascii).toMatch(/^[\x20-\x7e]*$/);
        if (!text.includes('\\')) expect(decode(ascii)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear: ten times the text takes about ten times as long (a quadratic one would take a hundred)', () => {
    const unit = 'ab\x1b[2J\\n|\u202e\ud800 ';
    // Best of three, paired: the machine is shared, and only the ratio counts.
    const time = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        makeInertForNagios(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = unit.repeat(20_000);
    const big = unit.repeat(200_000);
    time(small);
    expect(time(big) / Math.max(time(small), 0.5)).toBeLessThan(40);
  });
});
