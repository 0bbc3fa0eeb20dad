/**
 * A code unit no output line may carry when it came from a service: C0 and C1 controls, DEL,
 * bidi overrides, isolates and marks, the Unicode line and paragraph separators, and lone
 * surrogates. Check it per line: healthctl's own line breaks are `\n`.
 */
export const FORBIDDEN_IN_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first forbidden code unit of `text` outside healthctl's own `\n`, with its line, or null. */
export function forbiddenIn(text: string): string | null {
  for (const [i, line] of text.split('\n').entries()) {
    const m = FORBIDDEN_IN_LINE.exec(line);
    if (m !== null) return `U+${(m[0].charCodeAt(0)).toString(16).padStart(4, '0')} on line ${i + 1}: ${JSON.stringify(line)}`;
  }
  return null;
}

/** Everything a hostile service puts in its text: screen clears, clipboard and title writes, CR, bidi overrides, NUL, newlines, perfdata. */
export const HOSTILE_TEXTS = {
  clear: 'wipe\x1b[2J\x1b[H',
  clipboard: 'clip\x1b]52;c;Y3VybCBldmlsLnNo\x07',
  title: 'title\x1b]2;pwned\x07',
  dcs: 'dcs\x1bP1$r\x1b\\',
  c1: 'csi\x9b31m',
  cr: 'fake\rREADY: all good',
  bidi: 'user\u202egnp.exe\u202c \u2066iso\u2069 \u200f',
  nul: 'nul\0byte',
  newline: 'first\nREADY: injected line',
  pipe: 'a | injected=1;;;0',
  backslash: 'C:\\new \\x1b',
  separator: 'line\u2028sep',
} as const;
