/**
 * Text that came from a service (component names, errors, attributes, reason phrases,
 * redirect targets) is data: before it goes into a line of healthctl's output, every
 * character that could act on a terminal, a journal or a parser is written as a visible
 * escape instead. C0 and C1 controls and DEL become `\xHH` (`\n`, `\r`, `\t` for the usual
 * three), so no escape sequence (CSI, OSC, DCS …) can start; bidi overrides, isolates and
 * marks, the Unicode line and paragraph separators, and lone surrogates become `\uHHHH`. A
 * backslash that would otherwise read as the start of such an escape is doubled, so the
 * mapping can be undone exactly: distinct texts stay distinct. Linear, and a text with
 * nothing to escape is returned as it is.
 */

export interface InertOptions {
  /** Nagios reads `|` as the start of perfdata: write it as `\x7c`. */
  pipe?: boolean;
  /**
   * A block shown as a whole (the raw body of `-v`): its own line breaks and tabs are kept,
   * and backslashes are left alone so a JSON body reads as it was sent.
   */
  block?: boolean;
}

// What forces the careful path; everything else is returned untouched without allocating.
const LINE_NEEDS = /[\x00-\x1f\x7f-\x9f\\\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;
const NAGIOS_NEEDS = /[\x00-\x1f\x7f-\x9f\\|\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;
const BLOCK_NEEDS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;

const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };
// After a backslash, these letters would read as an escape.
const ESCAPE_LETTERS = new Set(['\\', 'n', 'r', 't', 'x', 'u'].map((c) => c.charCodeAt(0)));
const BACKSLASH = 0x5c;
const PIPE = 0x7c;

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Whether the code unit at `i` must be escaped (a surrogate only when it has no partner). */
function mustEscape(text: string, i: number, code: number, options: InertOptions): boolean {
  if (code < 0x20) return !(options.block === true && (code === 0x0a || code === 0x09));
  if (code < 0x7f) return code === PIPE && options.pipe === true;
  if (code <= 0x9f) return true;
  if (code < 0x061c) return false;
  if (code === 0x061c || code === 0x200e || code === 0x200f) return true;
  if ((code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  if (isHigh(code)) return !isLow(text.charCodeAt(i + 1));
  if (isLow(code)) return !isHigh(text.charCodeAt(i - 1));
  return false;
}

function escapeOf(code: number): string {
  const named = NAMED[code];
  if (named !== undefined) return named;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every character that could act on a terminal or a parser written as a visible escape. */
export function makeInert(text: string, options: InertOptions = {}): string {
  const needs = options.block === true ? BLOCK_NEEDS : options.pipe === true ? NAGIOS_NEEDS : LINE_NEEDS;
  if (!needs.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      if (options.block === true || i + 1 >= text.length) continue;
      const next = text.charCodeAt(i + 1);
      if (!ESCAPE_LETTERS.has(next) && !mustEscape(text, i + 1, next, options)) continue;
      out += `${text.slice(from, i)}\\\\`;
      from = i + 1;
      continue;
    }
    if (!mustEscape(text, i, code, options)) continue;
    out += text.slice(from, i) + escapeOf(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Every character outside printable ASCII written as an escape, backslashes left alone: the
 * last resort for text a strict consumer refused as it was (an sd_notify sender).
 */
export function makeAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (ch) => escapeOf(ch.charCodeAt(0)));
}

/** For Nagios output: also no `|`, which would start perfdata. */
export function makeInertForNagios(text: string): string {
  return makeInert(text, { pipe: true });
}

/** A raw body as a block of its own lines (for `-v`), controls made inert, ending with a newline. */
export function inertBlock(body: string): string {
  const text = makeInert(body, { block: true });
  return text.endsWith('\n') ? text : `${text}\n`;
}
