/**
 * What one health document may make healthctl build, whatever its shape under the 1 MiB cap.
 * Real documents stay far below: Spring nests components two or three levels deep, and names
 * are tens of characters. Without these, names built from nested parts (`a.a.a…`) would add up
 * to gigabytes.
 */
export const NAME_LIMITS = {
  /** Levels of nested components (Spring's `components` within `components`). */
  depth: 32,
  /** Characters in one component or attribute name. */
  nameChars: 4096,
  /** Characters of every name one document builds, together: four times the body cap. */
  totalChars: 4 * 1024 * 1024,
} as const;

/** A refusal because of one of healthctl's limits: final, so detection tries no other format. */
export interface OverLimit {
  ok: false;
  error: string;
  overLimit: true;
}

export function refuseOverLimit(reason: string): OverLimit {
  return { ok: false, error: `${reason} (healthctl's limit)`, overLimit: true };
}

export function tooDeep(what: string): string {
  return `${what} nested more than ${NAME_LIMITS.depth} levels deep`;
}

/** Counts the characters of the names one document builds; says which limit a name breaks. */
export class NameBudget {
  readonly #what: string;
  #left: number = NAME_LIMITS.totalChars;

  /** `what` names the names in a refusal: `spring component`, `health+json attribute`. */
  constructor(what: string) {
    this.#what = what;
  }

  /** Null when `count` names of `chars` characters each fit; otherwise why not. */
  spend(chars: number, count = 1): string | null {
    if (chars > NAME_LIMITS.nameChars) return `a ${this.#what} name longer than ${NAME_LIMITS.nameChars} characters`;
    this.#left -= chars * count;
    return this.#left < 0 ? `${this.#what} names longer than ${NAME_LIMITS.totalChars / (1024 * 1024)} Mi characters in all` : null;
  }
}
