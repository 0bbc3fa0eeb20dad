import { Readable } from 'node:stream';
import type { Io } from '../../src/base/io.js';

/** An Io for tests: output dropped unless given, no terminal, an empty environment, standard input empty. */
export function testIo(overrides: Partial<Io> = {}): Io {
  return {
    stdout: () => {},
    stderr: () => {},
    stdin: Readable.from([]),
    env: {},
    stdoutIsTTY: false,
    terminalSize: () => null,
    onResize: () => () => {},
    keepGoingWhenOutputCloses: () => {},
    signal: new AbortController().signal,
    startedAt: 0,
    ...overrides,
  };
}
