/** A component selector from --only, --exclude or --critical: an exact name or a glob (`xds.*`). */
export interface NamePattern {
  source: string;
  test(name: string): boolean;
}

/** `*` matches any run of characters (dots included), `?` one character; everything else is literal. */
export function compilePattern(source: string): NamePattern {
  if (!/[*?]/.test(source)) return { source, test: (name) => name === source };
  const body = source
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${body}$`, 's');
  return { source, test: (name) => re.test(name) };
}

export function matchesAny(patterns: readonly NamePattern[], name: string): boolean {
  return patterns.some((p) => p.test(name));
}
