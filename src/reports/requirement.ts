import { usageError } from '../base/errors.js';

/** `--require`: how many targets of a fleet must pass. */
export interface Requirement {
  /** As given: `all`, `any`, `2`, `66%`. */
  given: string;
  kind: 'all' | 'any' | 'count' | 'percent';
  /** The count for `count`, the percentage for `percent`; 0 for `all` and `any`. */
  value: number;
}

export const DEFAULT_REQUIREMENT: Requirement = { given: 'all', kind: 'all', value: 0 };

/** `all`, `any`, `N` (a bare number is a count of targets) or `N%` (1–100, rounded up to whole targets). */
export function parseRequirement(text: string, flag: string): Requirement {
  const given = text.trim().toLowerCase();
  if (given === 'all' || given === 'any') return { given, kind: given, value: 0 };
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(given);
  if (percent !== null) {
    const value = Number(percent[1]);
    if (!(value >= 1 && value <= 100)) throw usageError(`${flag}: '${text}' is not a percentage from 1% to 100%`);
    return { given, kind: 'percent', value };
  }
  if (/^\d+$/.test(given)) {
    const value = Number(given);
    if (value < 1) throw usageError(`${flag}: '${text}': at least 1 target must be required (or use any)`);
    return { given, kind: 'count', value };
  }
  throw usageError(`${flag}: '${text}' is not all, any, a number of targets (2) or a percentage (66%)`);
}

/** How many of `targets` must pass; never more than there are, never fewer than one. */
export function neededCount(requirement: Requirement, targets: number): number {
  switch (requirement.kind) {
    case 'all':
      return Math.max(1, targets);
    case 'any':
      return 1;
    case 'count':
      return requirement.value;
    case 'percent':
      // 66% of 3 is 1.98: two targets. A float's 0.1 noise must not round 50% of 4 up to 3.
      return Math.max(1, Math.ceil((requirement.value * targets) / 100 - 1e-9));
  }
}

/** A count above the number of targets can never hold: a usage error, found before any network call. */
export function checkRequirementFits(requirement: Requirement, targets: number, flag: string): void {
  if (requirement.kind === 'count' && requirement.value > targets) {
    throw usageError(`${flag}: ${requirement.value} targets required, but only ${targets} given`);
  }
}

/** `--concurrency`: a whole number of checks in flight, 1–1024. */
export function parseConcurrency(text: string, flag: string): number {
  const n = Number(text.trim());
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > 1024) throw usageError(`${flag}: '${text}' is not a number of checks from 1 to 1024`);
  return n;
}
