import { createRequire } from 'node:module';

/**
 * CLOCK_MONOTONIC in microseconds, the clock systemd compares MONOTONIC_USEC with. Node's hrtime
 * reads it (libuv); Bun's hrtime counts from the process start, so under Bun libc is asked.
 */
export function monotonicUsec(): bigint {
  if (process.versions['bun'] === undefined) return process.hrtime.bigint() / 1000n;
  const now = new BigInt64Array(2);
  if (libcClockGettime()(CLOCK_MONOTONIC, now) !== 0) throw new Error('clock_gettime(CLOCK_MONOTONIC) failed');
  const [seconds = 0n, nanoseconds = 0n] = now;
  return seconds * 1_000_000n + nanoseconds / 1000n;
}

const CLOCK_MONOTONIC = 1;

let clockGettime: ((clock: number, out: BigInt64Array) => number) | null = null;

/** clock_gettime(2) through bun:ffi, checked at this boundary since bun:ffi has no types here. */
function libcClockGettime(): (clock: number, out: BigInt64Array) => number {
  if (clockGettime !== null) return clockGettime;
  const ffi: unknown = createRequire(import.meta.url)('bun:ffi');
  const dlopen: unknown = typeof ffi === 'object' && ffi !== null ? Reflect.get(ffi, 'dlopen') : undefined;
  if (typeof dlopen !== 'function') throw new Error('bun:ffi has no dlopen');
  // musl's loader also answers to libc.so.6: it is one of the names it keeps for itself.
  const library: unknown = Reflect.apply(dlopen, ffi, ['libc.so.6', { clock_gettime: { args: ['i32', 'ptr'], returns: 'i32' } }]);
  const symbols: unknown = typeof library === 'object' && library !== null ? Reflect.get(library, 'symbols') : undefined;
  const call: unknown = typeof symbols === 'object' && symbols !== null ? Reflect.get(symbols, 'clock_gettime') : undefined;
  if (typeof call !== 'function') throw new Error('libc has no clock_gettime');
  clockGettime = (clock, out) => Number(Reflect.apply(call, undefined, [clock, out]));
  return clockGettime;
}
