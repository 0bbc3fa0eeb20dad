import { Interrupted } from '../base/errors.js';
import type { Io } from '../base/io.js';

/** The real process as main() sees it: its streams, its terminal, and SIGINT/SIGTERM as an abort. */
export function processIo(): Io {
  // Node's own warnings (NODE_TLS_REJECT_UNAUTHORIZED=0, experimental features) are not healthctl's output:
  // under docker they would take bytes of the 4096 the runtime keeps. healthctl verifies TLS itself.
  process.removeAllListeners('warning');
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort(new Interrupted(name)));
  }
  // process.stderr is created on first use too: a probe that passes never writes to it.
  const { stdout } = process;
  return {
    stdout: (text) => stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // Read on first use: creating process.stdin costs a probe time and memory it has no use for.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    stdoutIsTTY: stdout.isTTY === true,
    terminalSize: () => (stdout.isTTY ? { columns: stdout.columns || 100, rows: stdout.rows || 40 } : null),
    onResize(redraw) {
      if (!stdout.isTTY) return () => {};
      stdout.on('resize', redraw);
      return () => stdout.off('resize', redraw);
    },
    keepGoingWhenOutputCloses() {
      for (const stream of [stdout, process.stderr]) stream.on('error', () => {});
    },
    signal: controller.signal,
    startedAt: 0,
  };
}
