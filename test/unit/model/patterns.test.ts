import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../src/model/patterns.js';

/** The regular-expression reading of a glob that --only/--exclude/--critical have always had. */
function regexGlob(source: string): (name: string) => boolean {
  const body = source
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${body}$`, 's');
  return (name) => re.test(name);
}

// Few distinct characters, so that generated names and patterns meet often; regex specials and a surrogate half included.
const CHARS = ['a', 'b', '.', '*', '?', '\\', '$', '(', '[', '\n', '\uD83D', 'é'];
const text = (maxLength: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...CHARS), { maxLength }).map((a) => a.join(''));

describe('glob patterns', () => {
  it('match exactly as the regular-expression reading did, on small inputs', () => {
    fc.assert(
      fc.property(text(8), fc.array(text(10), { minLength: 1, maxLength: 6 }), (pattern, names) => {
        const expected = regexGlob(pattern);
        const actual = compilePattern(pattern);
        for (const name of names) expect(actual.test(name), `${JSON.stringify(pattern)} vs ${JSON.stringify(name)}`).toBe(expected(name));
        // A name built from the pattern itself matches far more often than a random one.
        const filled = pattern.replace(/\*/g, 'ab').replace(/\?/g, '.');
        expect(actual.test(filled)).toBe(expected(filled));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['xds.*', 'xds.a.b', true],
    ['xds.*', 'xdsXcluster', false],
    ['a?c', 'abc', true],
    ['*', '', true],
    ['**', 'anything', true],
    ['a*a', 'a', false],
    ['*.backend', 'storage.backend', true],
    ['st*ge.*end', 'storage.backend', true],
    ['__proto__', '__proto__', true],
  ])('%s against %s', (pattern, name, expected) => {
    expect(compilePattern(pattern).test(name)).toBe(expected);
  });

  it('stays linear on patterns that make a backtracking matcher explode', () => {
    const long = 'a'.repeat(200_000);
    const names = [long, `${long}c`, `${long}b`, `x${long}`];
    const hostile = ['*a*a*a*a*a*a*a*b', '*a*a*a*a*a*a*a*a*a*c*b', '*a?a?a?a?a?a*b', '?*?*?*?*?*?*?*?*b', '*aaaaaaaaaaab*'];
    const time = (pattern: string): number => {
      const p = compilePattern(pattern);
      const started = performance.now();
      for (const name of names) p.test(name);
      return performance.now() - started;
    };
    // One linear pass over every name (a part that is nowhere) is the yardstick, measured alongside.
    const linear = Math.max(0.05, time('*z*'));
    for (const pattern of hostile) {
      expect(time(pattern), pattern).toBeLessThan(linear * 400 + 50);
    }
    expect(compilePattern('*a*a*a*a*a*a*a*b').test(`${long}b`)).toBe(true);
    expect(compilePattern('*a*a*a*a*a*a*a*b').test(long)).toBe(false);
  });
});
