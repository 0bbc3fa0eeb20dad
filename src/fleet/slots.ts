/** At most `size` holders at once; the rest wait their turn in order. */
export class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Resolves with the function that gives the slot back, once one is free. */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next === undefined) this.#free += 1;
      else next();
    };
  }
}

/** `work` over every item, at most `limit` at once, the answers in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], slots: Slots, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return Promise.all(
    items.map(async (item, index) => {
      const release = await slots.acquire();
      try {
        return await work(item, index);
      } finally {
        release();
      }
    }),
  );
}
