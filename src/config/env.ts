import { usageError } from '../base/errors.js';

/** `unixSocket` → `HEALTHCTL_UNIX_SOCKET`. */
export function envName(option: string): string {
  return `HEALTHCTL_${option.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** `unixSocket` → `--unix-socket`. */
export function flagName(option: string): string {
  return `--${option.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

/** A value and what the user wrote to set it (`--timeout` or `HEALTHCTL_TIMEOUT`), for the error that names it. */
export interface Setting<T> {
  value: T;
  from: string;
}

/** HEALTHCTL_<OPTION> when it is set and not empty; for the settings only a variable makes (HEALTHCTL_TARGET, HEALTHCTL_HTTP_CLIENT). */
export function envString(env: NodeJS.ProcessEnv, option: string): string | undefined {
  const value = env[envName(option)];
  return value === undefined || value === '' ? undefined : value;
}

/** A repeatable option's variable: comma-separated, or one per line when a value itself holds commas. */
export function splitList(text: string): string[] {
  const parts = text.includes('\n') ? text.split('\n') : text.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** A switch's variable: true, 1, yes, on, or false, 0, no, off. */
export function parseBoolean(text: string, variable: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw usageError(`${variable}: '${text}' is not a boolean (use true or false)`);
}
