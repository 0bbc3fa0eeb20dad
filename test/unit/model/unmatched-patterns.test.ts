import { describe, expect, it } from 'vitest';
import { unmatchedPatternWarnings } from '../../../src/check/unmatched-patterns.js';
import { compilePattern } from '../../../src/model/patterns.js';

const components = [{ name: 'storage.backend' }, { name: 'xds.cluster' }, { name: 'authorize.service' }];
const options = (critical: string[], exclude: string[]) => ({ critical: critical.map(compilePattern), exclude: exclude.map(compilePattern) });

describe('--critical and --exclude patterns that match nothing', () => {
  it('get one warning line each, naming the flag and the pattern', () => {
    expect(unmatchedPatternWarnings(options(['storage.backnd', 'xds.*'], ['authz.*', 'authorize.service']), components)).toBe(
      "healthctl: warning: --critical 'storage.backnd' matches no reported component\nhealthctl: warning: --exclude 'authz.*' matches no reported component\n",
    );
  });

  it('say nothing when every pattern matches, whatever the matched components report', () => {
    expect(unmatchedPatternWarnings(options(['storage.*'], ['xds.cluster']), components)).toBe('');
  });

  it('say nothing without a state model to match against', () => {
    expect(unmatchedPatternWarnings(options(['nope'], ['nope']), null)).toBe('');
  });
});
