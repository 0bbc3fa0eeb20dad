import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import type { DemoSetFlags } from '../config/command-flags.js';
import { portOf } from '../config/port.js';
import { DEFAULT_PORT } from '../config/target.js';
import { releaseComponent, setComponent } from '../demo/control.js';
import type { ComponentStatus } from '../sample/reporter.js';

const STATUSES: Readonly<Record<string, ComponentStatus | 'auto'>> = {
  running: 'RUNNING',
  starting: 'UNKNOWN',
  unknown: 'UNKNOWN',
  terminating: 'TERMINATING',
  auto: 'auto',
};

/**
 * `demo set NAME STATUS [--error TEXT]`: drive a running demo's control endpoint from outside.
 * The component keeps that state, whatever the sample's scenario does, until `demo set NAME auto`.
 */
export async function demoSetCommand(name: string, status: string, flags: DemoSetFlags, io: Io): Promise<number> {
  const wire = STATUSES[status.toLowerCase()];
  if (wire === undefined) throw usageError(`STATUS: '${status}' is not one of running, starting, terminating, auto`);
  if (wire === 'auto' && flags.error !== undefined) throw usageError('--error: auto gives the component back to the scenario, which decides its error');
  const port = flags.port === undefined ? DEFAULT_PORT : portOf(flags.port);
  if (port === null) throw usageError(`--port: '${flags.port ?? ''}' is not a port (1–65535)`);
  const at = { host: flags.host ?? '127.0.0.1', port };
  if (wire === 'auto') {
    const { released, state } = await releaseComponent(at, name, io);
    io.stdout(`${name}: ${released ? 'back to the scenario' : 'already the scenario\'s'}, now ${state}\n`);
    return 0;
  }
  await setComponent(at, name, { status: wire, error: flags.error ?? null }, io);
  // The flags as given: the command that undoes this one reaches the same service.
  const undo = `healthctl demo set ${name} auto${flags.host === undefined ? '' : ` --host ${flags.host}`}${flags.port === undefined ? '' : ` --port ${port}`}`;
  io.stdout(`${name}: ${wire}${flags.error === undefined ? '' : `, error: ${flags.error}`}; kept until ${undo}\n`);
  return 0;
}
