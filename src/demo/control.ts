import { formatAddress } from '../base/addresses.js';
import { HealthctlError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { DEFAULT_PORT } from '../config/target.js';
import { CONTROL_PREFIX, RELEASE_PREFIX } from '../sample/control.js';
import type { ComponentStatus } from '../sample/reporter.js';
import { httpRequest } from '../transport/http.js';
import type { HttpMethod } from '../transport/types.js';

/** The control endpoint is on this machine, or next to it: an answer slower than this is no demo service. */
const CONTROL_TIMEOUT_MS = 5000;
const MAX_ANSWER_BYTES = 64 * 1024;
const NO_TLS = { insecure: false, cacert: null, cert: null, key: null, servername: null };

/** Where a running demo listens. */
export interface DemoAt {
  host: string;
  port: number;
}

/** One request to a running demo's control endpoint, over healthctl's own HTTP client; the answer's body when it is 200. */
async function control(at: DemoAt, method: HttpMethod, path: string, body: string | undefined, io: Io): Promise<string> {
  const where = formatAddress(at.host, at.port);
  const request = {
    url: new URL(`http://${where}${path}`),
    method,
    headers: body === undefined ? [] : [['Content-Type', 'application/json'] as const],
    ...(body === undefined ? {} : { body }),
    tls: NO_TLS,
    unixSocket: null,
    deadline: performance.now() + CONTROL_TIMEOUT_MS,
    maxBodyBytes: MAX_ANSWER_BYTES,
    maxRedirects: 0,
    signal: io.signal,
  };
  let answer: Awaited<ReturnType<typeof httpRequest>>;
  try {
    answer = await httpRequest(request);
  } catch (error: unknown) {
    if (!(error instanceof HealthctlError) || error.outcome === 'usage') throw error;
    throw new HealthctlError('unreachable', `no demo service answers on ${where}: ${error.message}; start one with: healthctl demo --serve${at.port === DEFAULT_PORT ? '' : ` --port ${at.port}`}`);
  }
  const text = answer.body.toString('utf8');
  if (answer.status !== 200) throw new HealthctlError(answer.status === 404 ? 'unreachable' : 'bad-response', `${where} answered ${answer.status}: ${text.trim()} (is it a healthctl demo --serve?)`);
  return text;
}

/** Sets NAME to STATUS (and its error) until it is released. */
export async function setComponent(at: DemoAt, name: string, report: { status: ComponentStatus; error: string | null }, io: Io): Promise<void> {
  await control(at, 'PUT', `${CONTROL_PREFIX}${encodeURIComponent(name)}`, JSON.stringify(report), io);
}

/** Hands NAME back to the scenario: whether the scenario had lost it, and its state now (`RUNNING, error: …`, or `not reported`). */
export async function releaseComponent(at: DemoAt, name: string, io: Io): Promise<{ released: boolean; state: string }> {
  const body: unknown = JSON.parse(await control(at, 'POST', `${RELEASE_PREFIX}${encodeURIComponent(name)}`, undefined, io));
  if (typeof body !== 'object' || body === null) return { released: false, state: 'not reported' };
  const released = 'released' in body && body.released === true;
  if (!('status' in body) || typeof body.status !== 'string') return { released, state: 'not reported' };
  return { released, state: 'error' in body && typeof body.error === 'string' ? `${body.status}, error: ${body.error}` : body.status };
}
