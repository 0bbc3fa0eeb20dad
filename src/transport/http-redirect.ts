import { effectivePort } from '../base/addresses.js';
import { HealthctlError } from '../base/errors.js';
import { describeRedirectTarget } from '../base/redact.js';
import type { Timings } from '../base/timings.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** 3xx answers that are not redirects to follow: none of them carries a state to judge. */
const NOT_FOLLOWED: Record<number, string> = {
  300: '300 Multiple Choices: healthctl does not pick one of the choices',
  304: '304 Not Modified, to a request that was not conditional: there is no state to read',
  305: '305 Use Proxy: healthctl never goes through a proxy',
};

export interface Hop {
  from: URL;
  status: number;
  location: string | undefined;
  /** The address that answered. */
  address: string;
  /** Redirects followed so far. */
  followed: number;
  max: number;
  timings: Timings;
}

/**
 * The URL to follow next, or null when the answer is not a 3xx and so is the final one. A 3xx is
 * never a final answer: it is followed (same scheme, host and port, at most `max` times) or it is
 * a `bad-response` — without a usable Location, 300, 304, 305 and any other 3xx included.
 */
export function redirectTarget(hop: Hop): URL | null {
  const { from, status, location, timings } = hop;
  if (status < 300 || status > 399) return null;
  const refuse = (message: string, address: string, cause?: unknown): HealthctlError =>
    new HealthctlError('bad-response', message, { phase: 'body', address, timings, cause });
  if (!REDIRECT_STATUSES.has(status)) {
    throw refuse(`HTTP ${NOT_FOLLOWED[status] ?? `${status}: a redirection healthctl does not follow`} (from ${hop.address})`, hop.address);
  }
  if (location === undefined || location.trim() === '') {
    throw refuse(`redirect (${status}) ${location === undefined ? 'without a Location header' : 'with an empty Location'} from ${hop.address}`, hop.address);
  }
  let target: URL;
  try {
    target = new URL(location, from);
  } catch (error) {
    throw refuse(`redirect (${status}) to an invalid Location not followed`, hop.address, error);
  }
  const shown = describeRedirectTarget(target);
  const difference =
    target.protocol !== from.protocol
      ? 'different scheme'
      : target.hostname !== from.hostname
        ? 'different host'
        : effectivePort(target) !== effectivePort(from)
          ? 'different port'
          : null;
  if (difference !== null) throw refuse(`redirect to ${shown} not followed (${difference})`, shown);
  if (hop.followed >= hop.max) throw refuse(`too many redirects (more than ${hop.max}), the last to ${shown}`, shown);
  return target;
}
