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

/** The flag's value when given, else the variable's; undefined when neither is set. */
export function readSetting<T>(flag: T | undefined, env: NodeJS.ProcessEnv, option: string, fromEnv: (env: NodeJS.ProcessEnv, option: string) => T | undefined): Setting<T> | undefined {
  if (flag !== undefined) return { value: flag, from: flagName(option) };
  const value = fromEnv(env, option);
  return value === undefined ? undefined : { value, from: envName(option) };
}

export function envString(env: NodeJS.ProcessEnv, option: string): string | undefined {
  const value = env[envName(option)];
  return value === undefined || value === '' ? undefined : value;
}

/** Repeatable options: comma-separated, or one per line when a value itself holds commas. */
export function envList(env: NodeJS.ProcessEnv, option: string): string[] | undefined {
  const value = envString(env, option);
  if (value === undefined) return undefined;
  const parts = value.includes('\n') ? value.split('\n') : value.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function envBoolean(env: NodeJS.ProcessEnv, option: string): boolean | undefined {
  const value = envString(env, option);
  if (value === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw usageError(`${envName(option)}: '${value}' is not a boolean (use true or false)`);
}
