import type { InitOptions } from './options.js';

/** The notify-access a unit needs: messages come from a helper process healthctl starts, never from the main PID itself. */
export const REQUIRED_NOTIFY_ACCESS = 'all';

/** How long `healthctl wait` in ExecStartPost may poll; TimeoutStartSec leaves room above it. */
export const WAIT_TIMEOUT = '90s';
export const EXEC_START_POST_TIMEOUT_SEC = 120;
/** `healthctl run` extends the start timeout while startup makes progress; this is the base. */
export const NOTIFY_START_TIMEOUT_SEC = 300;
export const WATCHDOG_SEC = 30;
const APP = '/usr/local/bin/app';

export interface UnitFile {
  name: string;
  /** One line saying when to choose this unit. */
  purpose: string;
  text: string;
}

/** One word of a command line as systemd reads it: `%` and `$` escaped, quoted when needed. */
export function unitWord(word: string): string {
  const escaped = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /[\s"'\\;]/.test(escaped) || escaped === '' ? `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : escaped;
}

function commandLine(words: readonly string[]): string {
  return words.map(unitWord).join(' ');
}

function targetEnvironment(options: InitOptions): string[] {
  return options.target === null ? [] : [`Environment=${unitWord(`HEALTHCTL_TARGET=${options.target}`)}`];
}

/** A unit's text: what both units share around the lines of their [Service] section. */
function unitText(description: string, service: readonly string[]): string {
  const lines = [`[Unit]`, `Description=${description}`, `After=network-online.target`, `Wants=network-online.target`, ``, `[Service]`, ...service, ``, `[Install]`, `WantedBy=multi-user.target`];
  return `${lines.join('\n')}\n`;
}

/**
 * Two units: `Type=notify` driven by `healthctl run`, and `Type=exec` with
 * `ExecStartPost=healthctl wait` for a service that must stay the main process.
 */
export function systemdUnits(options: InitOptions): UnitFile[] {
  const probe = options.probe === null ? [] : ['--probe', options.probe];
  const notify = [
    `Type=notify`,
    `# READY=1, STATUS= and WATCHDOG=1 come from a helper process healthctl starts, not from the main PID`,
    `NotifyAccess=${REQUIRED_NOTIFY_ACCESS}`,
    ...targetEnvironment(options),
    `ExecStart=${commandLine([options.bin, 'run', '--', APP])}`,
    `TimeoutStartSec=${NOTIFY_START_TIMEOUT_SEC}`,
    `# WATCHDOG=1 only while liveness holds; a miss restarts the service`,
    `WatchdogSec=${WATCHDOG_SEC}`,
    `Restart=on-failure`,
    `# SIGTERM to healthctl only: it forwards it to the app and reports STOPPING=1 while it drains`,
    `KillMode=mixed`,
  ];
  const exec = [
    `Type=exec`,
    ...targetEnvironment(options),
    `ExecStart=${APP}`,
    `# The unit counts as started (and After= dependents start) only when this exits 0`,
    `ExecStartPost=${commandLine([options.bin, 'wait', ...probe, '--timeout', WAIT_TIMEOUT])}`,
    `TimeoutStartSec=${EXEC_START_POST_TIMEOUT_SEC}`,
    `Restart=on-failure`,
  ];
  return [
    { name: 'app.service', purpose: 'Type=notify: healthctl run starts the app and tells systemd when it is ready and alive', text: unitText('app, ready when its health says so (healthctl run)', notify) },
    { name: 'app-wait.service', purpose: `Type=exec: the app stays the main process; healthctl wait (up to ${WAIT_TIMEOUT}) gates the start`, text: unitText('app, started once its health says so (healthctl wait)', exec) },
  ];
}

/** Both units, each under a comment naming its file. */
export function renderSystemd(options: InitOptions): string {
  return systemdUnits(options)
    .map((unit) => `# /etc/systemd/system/${unit.name} — ${unit.purpose}\n${unit.text}`)
    .join('\n');
}
