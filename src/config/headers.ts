import { usageError } from '../base/errors.js';
import type { Setting } from './env.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * `Name: value` pairs from -H/--header or HEALTHCTL_HEADER. A malformed one is a usage error that
 * names where it came from and its position, never any of its text: without a colon the
 * whole argument, secret value included, would be the "name".
 */
export function parseHeaders(given: Setting<readonly string[]> | undefined): Array<readonly [string, string]> {
  if (given === undefined) return [];
  const { value: list, from } = given;
  return list.map((text, index) => {
    const which = list.length === 1 ? from : `${from} (value ${index + 1} of ${list.length})`;
    const colon = text.indexOf(':');
    const name = colon > 0 ? text.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) throw usageError(`${which}: expected 'Name: value' with a header name such as X-Api-Key before the colon (the text given is not shown)`);
    const value = text.slice(colon + 1).trim();
    if (/[\r\n]/.test(value)) throw usageError(`${which} ${name}: the value must be one line`);
    return [name, value] as const;
  });
}
