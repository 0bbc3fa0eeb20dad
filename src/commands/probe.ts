import { capBytes } from '../base/bytes.js';
import { inertBlock } from '../base/inert.js';
import type { Io } from '../base/io.js';
import { buildReport } from '../check/build-report.js';
import { runCheckWithin } from '../check/run-within.js';
import { unmatchedPatternWarnings } from '../check/unmatched-patterns.js';
import { resolveCheckOptions } from '../config/check-options.js';
import type { CheckFlags } from '../config/flags.js';
import { loadPaint, wantsColour } from '../render/paint.js';
import { renderReport } from '../render/runtime-output.js';
import { RUNTIMES } from '../runtimes/facts.js';

/** One check: resolve options, ask once, translate the verdict for the runtime, one write. */
export async function probeCommand(target: string | undefined, flags: CheckFlags, io: Io): Promise<number> {
  const options = resolveCheckOptions(target, flags, io.env, io.stdoutIsTTY);
  // The deadline counts from process start: the runtime's clock started when it spawned us.
  const deadline = io.startedAt + options.timeoutMs;
  const result = await runCheckWithin(options, deadline, io.signal);
  if (io.signal.aborted) throw io.signal.reason;

  const report = buildReport(result, options);
  const colour = options.runtime === 'plain' && options.output === 'text' && wantsColour(io.env, io.stdoutIsTTY);
  const out = renderReport(report, { output: options.output, verbose: options.verbose, paint: await loadPaint(colour) });
  if (options.pomeriumCompat && options.verbose && result.body !== null) {
    const raw = rawBody(result.body, RUNTIMES[options.runtime].outputCapBytes, out);
    if (raw !== '') io.stderr(raw);
  }
  io.stdout(out);
  // Only where a person reads the output: a runtime keeps a few KiB of it, and -o json's stdout stays one document.
  if (options.runtime === 'plain') {
    const warnings = unmatchedPatternWarnings(options, result.ok ? result.model.components : null);
    if (warnings !== '') io.stderr(warnings);
  }
  return report.exitCode;
}

/** The raw body for `-v` (its controls made inert), cut so that it and the report together fit the runtime's cap (Docker keeps 4096 bytes of both). */
function rawBody(body: string, cap: number | null, out: string): string {
  const text = inertBlock(body);
  if (cap === null) return text;
  const room = cap - Buffer.byteLength(out);
  return room < 64 ? '' : capBytes(text, room);
}
