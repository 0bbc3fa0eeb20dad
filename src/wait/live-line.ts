import type { Io } from '../base/io.js';

const CLEAR_LINE = '\r\x1b[K';

/** The one line a wait redraws in place on a terminal; nothing at all without one. */
export class LiveLine {
  readonly #io: Io;
  readonly on: boolean;

  constructor(io: Io, on: boolean) {
    this.#io = io;
    this.on = on;
  }

  /** Room on the line: the terminal's width less one column, so the line never wraps. */
  get width(): number {
    return Math.max(20, (this.#io.terminalSize()?.columns ?? 100) - 1);
  }

  show(text: string): void {
    if (this.on) this.#io.stdout(`${CLEAR_LINE}${text}`);
  }

  /** Leaves the last line shown on the screen. */
  keep(): void {
    if (this.on) this.#io.stdout('\n');
  }

  /** Takes the line off the screen. */
  clear(): void {
    if (this.on) this.#io.stdout(CLEAR_LINE);
  }
}
