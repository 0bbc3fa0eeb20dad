/** The outside world as main() sees it; tests pass their own. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Resolves when SIGINT or SIGTERM arrives; commands cancel their work on it. */
  signal: AbortSignal;
  /** performance.now() when the process started (0 for a real process): deadlines count from here. */
  startedAt: number;
}
