import { afterEach, describe, expect, it } from 'vitest';
import { processIo } from '../../../src/cli/process-io.js';

const original = Object.getOwnPropertyDescriptor(process, 'stdin');

afterEach(() => {
  if (original !== undefined) Object.defineProperty(process, 'stdin', original);
});

describe("processIo: the real process's Io", () => {
  it('creates process.stdin only when something reads it: a probe pays nothing for it', () => {
    let reads = 0;
    const stream = original?.get?.call(process);
    Object.defineProperty(process, 'stdin', { configurable: true, get: () => ((reads += 1), stream) });
    const io = processIo();
    expect(reads).toBe(0);
    expect(io.stdin).toBe(stream);
    expect(reads).toBe(1);
  });
});
