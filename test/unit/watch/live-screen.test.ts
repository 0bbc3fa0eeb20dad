import { describe, expect, it } from 'vitest';
import { screenSize, type TerminalSize } from '../../../src/base/io.js';
import { SCREEN } from '../../../src/render/diagnose-watch.js';
import { LiveScreen } from '../../../src/watch/live-screen.js';
import { testIo } from '../../helpers/io.js';

/** A terminal the test resizes by hand, as Io carries a real one. */
function terminal(size: TerminalSize) {
  let out = '';
  const listeners = new Set<() => void>();
  const io = testIo({
    stdout: (t) => (out += t),
    stdoutIsTTY: true,
    terminalSize: () => size,
    onResize: (redraw) => {
      listeners.add(redraw);
      return () => listeners.delete(redraw);
    },
  });
  return {
    io,
    output: () => out,
    listening: () => listeners.size,
    resize(to: TerminalSize): void {
      size = to;
      for (const l of listeners) l();
    },
  };
}

describe('LiveScreen: the terminal comes through Io', () => {
  it('draws each frame for the size Io reports, again on a resize, and lets go of the terminal when closed', () => {
    const t = terminal({ columns: 80, rows: 24 });
    const screen = new LiveScreen(t.io);
    expect(t.output()).toBe(SCREEN.enter);
    screen.show(({ columns, rows }) => [`${columns}x${rows}`]);
    expect(t.output()).toContain('80x24');
    t.resize({ columns: 120, rows: 40 });
    expect(t.output()).toContain('120x40');
    screen.close();
    expect(t.listening()).toBe(0);
    expect(t.output().endsWith(SCREEN.leave)).toBe(true);
  });

  it('screenSize: the terminal when stdout is one, else COLUMNS and LINES, else 100×40', () => {
    expect(screenSize(testIo({ stdoutIsTTY: true, terminalSize: () => ({ columns: 132, rows: 50 }) }))).toEqual({ columns: 132, rows: 50 });
    expect(screenSize(testIo({ stdoutIsTTY: false, terminalSize: () => ({ columns: 132, rows: 50 }), env: { COLUMNS: '90' } }))).toEqual({ columns: 90, rows: 40 });
    expect(screenSize(testIo({ env: { COLUMNS: 'wide', LINES: '-3' } }))).toEqual({ columns: 100, rows: 40 });
  });
});
