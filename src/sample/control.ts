import { COMPONENT_STATUSES, isComponentStatus, type ComponentReport } from './reporter.js';

/** Where the control API lives when `control: true`. */
export const CONTROL_PREFIX = '/control/components/';
/** Where a component is handed back to the scenario, with `control: true` and a `release` hook. */
export const RELEASE_PREFIX = '/control/release/';

export type ControlParse = { ok: true; report: ComponentReport } | { ok: false; error: string };

const FIELDS = new Set(['status', 'error', 'attributes']);

/**
 * Validates a `PUT /control/components/NAME` body:
 * `{"status": "RUNNING"|"UNKNOWN"|"TERMINATING", "error"?: string|null, "attributes"?: {k: v}}`.
 */
export function parseControlBody(text: string): ControlParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isPlainObject(json)) {
    return { ok: false, error: 'body must be a JSON object like {"status":"RUNNING","error":"..."}' };
  }
  const unknown = Object.keys(json).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown field ${JSON.stringify(unknown[0])}; allowed: status, error, attributes` };
  }
  const { status, error, attributes } = json;
  if (!isComponentStatus(status)) {
    const got = status === undefined ? 'it is missing' : `got ${JSON.stringify(status)}`;
    return { ok: false, error: `"status" must be one of ${COMPONENT_STATUSES.join(', ')}; ${got}` };
  }
  if (error !== undefined && error !== null && typeof error !== 'string') {
    return { ok: false, error: '"error" must be a string or null' };
  }
  const report: ComponentReport = { status, error: error ?? null };
  if (attributes === undefined) return { ok: true, report };
  const badAttributes: ControlParse = { ok: false, error: '"attributes" must be an object of string values' };
  if (!isPlainObject(attributes)) return badAttributes;
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') return badAttributes;
    pairs.push([key, value]);
  }
  return { ok: true, report: { ...report, attributes: Object.fromEntries(pairs) } };
}

/** The component name in a control path, percent-decoded; null when it is missing or malformed. */
export function controlName(pathname: string, prefix = CONTROL_PREFIX): string | null {
  const raw = pathname.slice(prefix.length);
  if (raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
