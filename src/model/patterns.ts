/** A component selector from --only, --exclude or --critical: an exact name or a glob (`xds.*`). */
export interface NamePattern {
  source: string;
  test(name: string): boolean;
}

/** A glob split at its `*`s: the part anchored at the start, the parts in between, the part anchored at the end. */
interface Glob {
  head: string;
  middles: string[];
  tail: string;
  /** The fewest characters a matching name has. */
  minLength: number;
}

/**
 * `*` matches any run of characters (dots included), `?` one character (one UTF-16 code unit);
 * everything else is literal. No regular expression: each part between two `*`s is placed at
 * its leftmost fit, which never needs to backtrack, so a match costs at most name × pattern
 * steps however many `*`s the pattern has.
 */
export function compilePattern(source: string): NamePattern {
  if (!source.includes('*') && !source.includes('?')) return { source, test: (name) => name === source };
  const parts = source.split('*');
  if (parts.length === 1) return { source, test: (name) => name.length === source.length && fitsAt(name, 0, source) };
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  const middles = parts.slice(1, -1).filter((p) => p !== '');
  const glob: Glob = { head, middles, tail, minLength: head.length + tail.length + middles.reduce((n, p) => n + p.length, 0) };
  return { source, test: (name) => matchesGlob(glob, name) };
}

function matchesGlob(glob: Glob, name: string): boolean {
  if (name.length < glob.minLength) return false;
  const end = name.length - glob.tail.length;
  if (!fitsAt(name, 0, glob.head) || !fitsAt(name, end, glob.tail)) return false;
  let from = glob.head.length;
  for (const part of glob.middles) {
    const at = findFrom(name, part, from, end);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Whether `part` (where `?` is any one character) matches `name` at `at`. */
function fitsAt(name: string, at: number, part: string): boolean {
  for (let i = 0; i < part.length; i++) {
    const ch = part.charCodeAt(i);
    if (ch !== QUESTION && ch !== name.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The first index in [from, end − part.length] where `part` fits, or −1. */
function findFrom(name: string, part: string, from: number, end: number): number {
  const last = end - part.length;
  if (!part.includes('?')) {
    const at = name.indexOf(part, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (fitsAt(name, at, part)) return at;
  return -1;
}

const QUESTION = '?'.charCodeAt(0);

export function matchesAny(patterns: readonly NamePattern[], name: string): boolean {
  return patterns.some((p) => p.test(name));
}
