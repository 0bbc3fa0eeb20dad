import { HealthctlError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import type { CheckOptions } from '../config/check-options.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { exitCode, type ExitMode } from '../runtimes/exit-code.js';
import { watchDiagnosis } from '../watch/diagnosis.js';
import { startService } from './service.js';

/** Twice a second: the startup is short enough that a slower view would skip steps. */
const DEMO_WATCH_MS = 500;
/** Without a terminal the demo stops once ready; this long past the expected ready time, it gives up. */
const NO_TTY_GRACE_MS = 30_000;
/** The demo answers as -a does, with two codes: 0 once the service was ready, 1 when it never was (or could not listen). */
const DEMO_EXIT: ExitMode = { runtime: 'plain', pomeriumCompat: true };

export interface DemoSetup {
  host: string;
  port: number;
  readyAfterMs: number;
  flap: boolean;
  runtimeChoice: RuntimeChoice;
  /** The checked options for the service's status URL, once it is known. */
  options(target: string): CheckOptions;
}

/**
 * The sample service in-process and `diagnose --watch` against it. On a terminal it runs until
 * Ctrl-C, which drains the service and shows the summary; without one it prints transitions
 * until the service is ready, then stops it.
 */
export async function runDemo(setup: DemoSetup, io: Io): Promise<number> {
  const stopService = new AbortController();
  const held: string[] = [];
  let holding = false;
  const started = startService({ host: setup.host, port: setup.port, readyAfterMs: setup.readyAfterMs, flap: setup.flap, signal: stopService.signal }, (line) => {
    if (holding) held.push(line);
    else io.stdout(`${line}\n`);
  });
  const url = await started.url;
  if (url === null) return exitCode(DEMO_EXIT, 'usage');

  const options = setup.options(`${url}/status`);
  const untilPass = !io.stdoutIsTTY;
  const giveUp = new AbortController();
  const timer = untilPass ? setTimeout(() => giveUp.abort(), setup.readyAfterMs + NO_TTY_GRACE_MS) : undefined;
  if (!untilPass) io.stdout(`healthctl diagnose ${url}/status --watch\n`);
  // On a terminal the service's own lines would tear the live view: they wait until it closes.
  holding = io.stdoutIsTTY;
  let code: number;
  try {
    code = await watchDiagnosis({ options, runtimeChoice: setup.runtimeChoice, timeoutGiven: false, intervalMs: DEMO_WATCH_MS, untilPass, stop: giveUp.signal }, io);
  } catch (error: unknown) {
    if (!(error instanceof HealthctlError) && !io.signal.aborted) throw error;
    code = exitCode(DEMO_EXIT, 'fail');
  } finally {
    clearTimeout(timer);
    // Ctrl-C already asked the service to drain (it listens for SIGINT itself); a second request would cut the drain short.
    if (!io.signal.aborted) stopService.abort();
  }
  holding = false;
  for (const line of held) io.stdout(`${line}\n`);
  await started.done;
  // A check that passed exits 0 under every runtime; anything else is "not ready".
  if (untilPass) return code === 0 ? 0 : exitCode(DEMO_EXIT, 'fail');
  return 0;
}
