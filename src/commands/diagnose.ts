import type { Io } from '../base/io.js';
import { screenSize } from '../base/io.js';
import { httpClientFor, repeatedChecksClient } from '../check/http-client.js';
import { unmatchedPatternWarnings } from '../check/unmatched-patterns.js';
import type { DiagnoseFlags } from '../config/command-flags.js';
import { diagnoseOnce, setupDiagnose } from '../diagnose/session.js';
import { renderDiagnosis } from '../render/diagnose-text.js';
import { loadPaint, wantsColour } from '../render/paint.js';

/**
 * The operator's view of one check, or with --watch a live one. Exits with the chosen
 * probe's exit code under the chosen runtime, as `probe` would have.
 */
export async function diagnoseCommand(target: string | undefined, flags: DiagnoseFlags, io: Io): Promise<number> {
  const setup = setupDiagnose(target, flags, io);
  if (setup.intervalMs !== null) {
    const [{ watchDiagnosis }, client] = await Promise.all([import('../watch/diagnosis.js'), httpClientFor(io.env, repeatedChecksClient([setup.options]))]);
    try {
      return await watchDiagnosis({ ...setup, http: client.http, intervalMs: setup.intervalMs, untilPass: false }, io);
    } finally {
      await client.close();
    }
  }
  const diagnosis = await diagnoseOnce(setup, io);
  if (setup.options.output === 'json') {
    io.stdout(`${JSON.stringify(diagnosis)}\n`);
  } else {
    const paint = await loadPaint(wantsColour(io.env, io.stdoutIsTTY));
    io.stdout(renderDiagnosis(diagnosis, { paint, width: screenSize(io).columns, compact: false, changed: new Map() }));
  }
  // On stderr, whatever the runtime diagnose translates for: its output is read by a person, and -o json's stdout stays one document.
  const warnings = unmatchedPatternWarnings(setup.options, diagnosis.report.error === null ? diagnosis.report.components : null);
  if (warnings !== '') io.stderr(warnings);
  return diagnosis.report.exitCode;
}
