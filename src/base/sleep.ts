/** Resolves after `ms`, or as soon as any of `signals` aborts; never rejects, and leaves no timer or listener behind. */
export function pause(ms: number, signals: readonly AbortSignal[] = []): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    for (const s of signals) s.addEventListener('abort', done, { once: true });
  });
}
