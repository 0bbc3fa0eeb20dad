import { parseDuration } from '../base/durations.js';
import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { chooseRuntime, resolveCheckOptions } from '../config/check-options.js';
import { DEMO_FLAGS, type DemoFlags } from '../config/command-flags.js';
import { flagKeys, flagVariable } from '../config/flags.js';
import { portOf } from '../config/port.js';
import { DEFAULT_PORT, DEFAULT_TARGET } from '../config/target.js';
import { startService } from '../demo/service.js';
import { runDemo } from '../demo/session.js';
import { renderDemoBanner } from '../render/demo-banner.js';

const DEFAULT_READY_AFTER_MS = 5000;

/** The demo checks its own sample service: of the HEALTHCTL_* variables it reads only those of its own flags. */
function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = new Set(flagKeys(DEMO_FLAGS).map((key) => flagVariable(key, DEMO_FLAGS[key])));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('HEALTHCTL_') || own.has(name)));
}

/** --port: 0 picks a free one; without it, a free one, or Pomerium's health port with --serve. */
function listenPort(flags: DemoFlags): number {
  if (flags.port === undefined) return flags.serve === true ? DEFAULT_PORT : 0;
  const port = portOf(flags.port, true);
  if (port === null) throw usageError(`--port: '${flags.port}' is not a port (0–65535, 0 picks a free one)`);
  return port;
}

/**
 * `healthctl demo`: the sample service and `diagnose --watch` against it (until Ctrl-C on a
 * terminal; until it is ready without one). `--serve`: only the service, and what to try.
 */
export async function demoCommand(flags: DemoFlags, io: Io): Promise<number> {
  const host = flags.host ?? '127.0.0.1';
  const port = listenPort(flags);
  const readyAfterMs = flags.readyAfter === undefined ? DEFAULT_READY_AFTER_MS : parseDuration(flags.readyAfter, '--ready-after');
  const flap = flags.flap ?? true;
  if (flags.serve === true) {
    const served = startService({ host, port, readyAfterMs, flap }, (line) => io.stdout(`${line}\n`));
    const url = await served.url;
    if (url !== null) io.stdout(renderDemoBanner({ host, port: Number(new URL(url).port), readyAfterMs, flap }));
    return served.done;
  }
  const env = demoEnv(io.env);
  const runtimeChoice = chooseRuntime(flags.runtime, env, io.stdoutIsTTY);
  const probe = flags.probe === undefined ? {} : { probe: flags.probe };
  const options = (target: string) => resolveCheckOptions(target, { ...probe, runtime: runtimeChoice.runtime }, env);
  // Every setting is checked before the service starts (its address is not known yet), so a bad one is one line and nothing else.
  options(DEFAULT_TARGET);
  return runDemo({ host, port, readyAfterMs, flap, runtimeChoice, options }, io);
}
