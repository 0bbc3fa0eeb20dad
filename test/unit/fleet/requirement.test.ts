import { describe, expect, it } from 'vitest';
import { parseTargetLines } from '../../../src/fleet/targets-from.js';
import { checkRequirementFits, neededCount, parseConcurrency, parseRequirement } from '../../../src/reports/requirement.js';

describe('--require', () => {
  it.each([
    ['all', 4, 4],
    ['any', 4, 1],
    ['2', 4, 2],
    ['66%', 3, 2],
    ['50%', 4, 2],
    ['51%', 4, 3],
    ['1%', 100, 1],
    ['100%', 7, 7],
    ['ALL', 1, 1],
  ])('%s of %i targets needs %i', (given, targets, needed) => {
    expect(neededCount(parseRequirement(given, '--require'), targets)).toBe(needed);
  });

  it.each([
    ['0', "--require: '0': at least 1 target must be required (or use any)"],
    ['0%', "--require: '0%' is not a percentage from 1% to 100%"],
    ['101%', "--require: '101%' is not a percentage from 1% to 100%"],
    ['most', "--require: 'most' is not all, any, a number of targets (2) or a percentage (66%)"],
    ['-1', "--require: '-1' is not all, any, a number of targets (2) or a percentage (66%)"],
  ])('%s is a usage error naming the flag', (given, message) => {
    expect(() => parseRequirement(given, '--require')).toThrow(message);
  });

  it('a count above the number of targets is refused before any check', () => {
    expect(() => checkRequirementFits(parseRequirement('4', 'HEALTHCTL_REQUIRE'), 3, 'HEALTHCTL_REQUIRE')).toThrow('HEALTHCTL_REQUIRE: 4 targets required, but only 3 given');
    expect(() => checkRequirementFits(parseRequirement('3', '--require'), 3, '--require')).not.toThrow();
  });

  it('--concurrency is a whole number from 1 to 1024', () => {
    expect(parseConcurrency('16', '--concurrency')).toBe(16);
    for (const bad of ['0', '1.5', 'many', '2000', '']) expect(() => parseConcurrency(bad, '--concurrency'), bad).toThrow(/^--concurrency: /);
  });
});

describe('--targets-from lines', () => {
  it('one target per line; blank lines and # comments skipped; a URL fragment is kept', () => {
    const text = '# replicas\nhttp://10.0.0.1:8080/readyz\n\n  10.0.0.2:8080   # the second\r\nhttp://10.0.0.3:8080/readyz#frag\n';
    expect(parseTargetLines(text, '--targets-from list')).toEqual(['http://10.0.0.1:8080/readyz', '10.0.0.2:8080', 'http://10.0.0.3:8080/readyz#frag']);
  });

  it('two words on a line name the line, with user-info hidden', () => {
    expect(() => parseTargetLines('a:1\nhttp://user:secret@b:2/x c:3\n', '--targets-from list')).toThrow("--targets-from list line 2: one target per line (found 'http://***@b:2/x c:3 …')");
  });
});
