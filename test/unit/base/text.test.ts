import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/base/bytes.js';
import { clip, oneLine } from '../../../src/base/text.js';

describe('clip', () => {
  it('keeps text that fits, and marks a cut with … within the width', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcdef', 4)).toBe('abc…');
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 50 }), (text, max) => {
        expect(clip(text, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    const text = `ab${'😀'.repeat(5)}`;
    for (let max = 1; max < text.length; max++) {
      const cut = clip(text, max);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut.slice(0, -1)).toBe(Buffer.from(cut.slice(0, -1)).toString('utf8'));
    }
  });
});

describe('oneLine', () => {
  it('folds newlines and runs of whitespace, then clips', () => {
    expect(oneLine('  a\n\tb  \r\n c ', 100)).toBe('a b c');
    expect(oneLine('x'.repeat(400), 301)).toBe(`${'x'.repeat(300)}…`);
  });
});

describe('formatBytes', () => {
  it('prints caps exactly', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(1500)).toBe('1500 bytes');
  });
});
