import type { CheckOptions } from '../config/check-options.js';

/**
 * One warning line for each --critical or --exclude pattern that matches no reported
 * component: a misspelt name would otherwise protect or hide nothing, silently. (--only
 * needs none: a pattern that matches nothing already fails the probe.) Nothing when there
 * was no state model to match against.
 */
export function unmatchedPatternWarnings(options: Pick<CheckOptions, 'critical' | 'exclude'>, components: ReadonlyArray<{ name: string }> | null): string {
  if (components === null) return '';
  const lists = [
    ['--critical', options.critical],
    ['--exclude', options.exclude],
  ] as const;
  let lines = '';
  for (const [flag, patterns] of lists) {
    for (const pattern of patterns) {
      if (!components.some((c) => pattern.test(c.name))) lines += `healthctl: warning: ${flag} '${pattern.source}' matches no reported component\n`;
    }
  }
  return lines;
}
