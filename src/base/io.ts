/** The size of the terminal stdout is, in characters. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The outside world as main() sees it: the streams, the terminal, the environment, the signals. Tests pass their own. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, for `--targets-from -`. */
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** The terminal's size now; null when stdout is not a terminal. */
  terminalSize(): TerminalSize | null;
  /** Calls `redraw` each time the terminal is resized; returns what stops it. */
  onResize(redraw: () => void): () => void;
  /** A closed stdout or stderr (`… | head -1`, a journal that went away) no longer ends the process: failed writes are dropped. */
  keepGoingWhenOutputCloses(): void;
  /** Resolves when SIGINT or SIGTERM arrives; commands cancel their work on it. */
  signal: AbortSignal;
  /** performance.now() when the process started (0 for a real process): deadlines count from here. */
  startedAt: number;
}

/** The terminal's size when stdout is one; else COLUMNS and LINES when set, else 100×40 (a pipe, a log). */
export function screenSize(io: Pick<Io, 'env' | 'stdoutIsTTY' | 'terminalSize'>): TerminalSize {
  const terminal = io.stdoutIsTTY ? io.terminalSize() : null;
  if (terminal !== null) return terminal;
  const fromEnv = (name: string, fallback: number): number => {
    const n = Number(io.env[name]);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { columns: fromEnv('COLUMNS', 100), rows: fromEnv('LINES', 40) };
}
