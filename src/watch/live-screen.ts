import type { Io, TerminalSize } from '../base/io.js';
import { screenSize } from '../base/io.js';
import { frameBytes, SCREEN } from '../render/diagnose-watch.js';

/** The live view on a terminal: one screenful redrawn in place on the alternate screen, and again on every resize. */
export class LiveScreen {
  readonly #io: Io;
  readonly #stopResize: () => void;
  #frame: ((size: TerminalSize) => readonly string[]) | null = null;

  constructor(io: Io) {
    this.#io = io;
    io.stdout(SCREEN.enter);
    this.#stopResize = io.onResize(() => this.#draw());
  }

  /** Shows `frame` (the lines for a terminal of a size) now, and redraws it on a resize until the next show(). */
  show(frame: (size: TerminalSize) => readonly string[]): void {
    this.#frame = frame;
    this.#draw();
  }

  close(): void {
    this.#stopResize();
    this.#io.stdout(SCREEN.leave);
  }

  #draw(): void {
    if (this.#frame !== null) this.#io.stdout(frameBytes(this.#frame(screenSize(this.#io))));
  }
}
