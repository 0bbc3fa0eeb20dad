import { formatAddress } from '../base/addresses.js';
import { formatDuration } from '../base/durations.js';
import { DEFAULT_PORT } from '../config/target.js';

/** What `demo --serve` prints once it listens: how its components come up, and commands to try; a test runs each and checks its comment. */
export function renderDemoBanner(o: { host: string; port: number; readyAfterMs: number; flap: boolean }): string {
  const at = formatAddress(o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host, o.port);
  const target = o.port === DEFAULT_PORT && at === `127.0.0.1:${DEFAULT_PORT}` ? '' : ` ${at}`;
  const portFlag = o.port === DEFAULT_PORT ? '' : ` --port ${o.port}`;
  const lines: Array<[command: string, comment: string]> = [
    [`healthctl wait${target} --timeout 30s`, 'returns as soon as it is ready'],
    [`healthctl probe${target}`, 'exit 0 when ready'],
    [`healthctl diagnose${target} --watch`, 'the live view, until Ctrl-C'],
    [`healthctl demo set storage.backend running --error 'ping postgres: timeout'${portFlag}`, 'make it fail, until undone'],
    [`healthctl demo set storage.backend auto${portFlag}`, o.flap ? 'undo: the scenario drives it again (and flaps it)' : 'undo: the scenario drives it again'],
  ];
  return `components come up over ${formatDuration(o.readyAfterMs)}${o.flap ? '; storage.backend then fails for 2s every 15s' : ''}

Try, from another terminal:
${lines.map(([command, comment]) => `  # ${comment}\n  ${command}\n`).join('')}
Ctrl-C or SIGTERM drains (every component TERMINATING) and stops.
`;
}
