import type { FormatName, StateModel } from '../model/types.js';
import { aspnet } from './aspnet.js';
import { consul } from './consul.js';
import { envoy } from './envoy.js';
import { genericJson } from './generic-json.js';
import { healthJson } from './health-json.js';
import { httpStatus } from './http-status.js';
import { kubernetes } from './kubernetes.js';
import { lightship } from './lightship.js';
import { microprofile } from './microprofile.js';
import { pomerium } from './pomerium.js';
import { spring } from './spring.js';
import { terminus } from './terminus.js';
import type { FormatAdapter, HealthResponse, ParseResult, ShapeInput } from './types.js';

export type BodyFormatName = Exclude<FormatName, 'grpc'>;

export type ParseOutcome =
  | { ok: true; model: StateModel; detectedBy: 'flag' | 'content-type' | 'shape' | 'fallback' }
  | { ok: false; error: string; format: FormatName | null };

/** Every adapter that reads an HTTP body (gRPC has its own transport). */
export const ADAPTERS: Record<BodyFormatName, FormatAdapter> = {
  pomerium,
  'health-json': healthJson,
  spring,
  microprofile,
  kubernetes,
  aspnet,
  consul,
  envoy,
  terminus,
  lightship,
  json: genericJson,
  'http-status': httpStatus,
};

/** Content types that name a format; plain application/json and text/plain name none. */
const CONTENT_TYPE_ORDER: readonly FormatAdapter[] = [healthJson, spring];

/**
 * Shape order, most specific marker first, so each format is tried before any looser one
 * that could also accept it: pomerium (`statuses`+`checks`, or a map of RUNNING… entries),
 * consul (an array), aspnet UI (`entries`), microprofile (`checks` array), terminus
 * (lower-case ok/error/degraded/shutting_down with `info`/`error`/`details` or, verbatim,
 * indicator objects beside `status`), spring (`components`/`details` or a bare
 * UP/DOWN/OUT_OF_SERVICE/UNKNOWN), health-json (pass/warn/fail… case-insensitive; so
 * `{"status":"UP"}` is spring and `{"status":"up"}` health-json). Text formats last: their
 * bodies are disjoint (`[+]`/`ok`, Healthy…, LIVE…, SERVER_IS_…). JSON that none of them
 * claims is read generically (`json`), after all of them, so it never takes a known body.
 */
const SHAPE_ORDER: readonly FormatAdapter[] = [
  pomerium,
  consul,
  aspnet,
  microprofile,
  terminus,
  spring,
  healthJson,
  kubernetes,
  envoy,
  lightship,
];

/** Formats that have no text form: for them a JSON syntax error is the whole story. */
const JSON_ONLY: ReadonlySet<FormatName> = new Set(['pomerium', 'health-json', 'spring', 'microprofile', 'consul', 'terminus', 'json']);

interface JsonAttempt {
  json: unknown;
  parsed: boolean;
  /** Set when the body claimed to be JSON and is not. */
  error: string | null;
  declared: boolean;
}

function isBodyFormat(name: FormatName): name is BodyFormatName {
  return name !== 'grpc';
}

/** Parses once, and only a body that claims JSON: by Content-Type or by its first character. */
function readJson(response: HealthResponse): JsonAttempt {
  const declared = response.contentType !== null && /json/i.test(response.contentType);
  const first = /\S/.exec(response.body)?.[0];
  // An empty body claims no structure, whatever the header says.
  if (first === undefined || (!declared && first !== '{' && first !== '[')) {
    return { json: undefined, parsed: false, error: null, declared };
  }
  try {
    return { json: JSON.parse(response.body), parsed: true, error: null, declared };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { json: undefined, parsed: false, error: `body is not valid JSON: ${reason}`, declared };
  }
}

function parseWith(adapter: FormatAdapter, response: HealthResponse, attempt: JsonAttempt): ParseResult {
  return adapter.parse(response, attempt.parsed ? attempt.json : undefined);
}

function parseExplicit(response: HealthResponse, requested: FormatName): ParseOutcome {
  if (!isBodyFormat(requested)) {
    return { ok: false, error: 'grpc is not an HTTP body format: use a grpc:// target', format: requested };
  }
  const attempt = readJson(response);
  const result = parseWith(ADAPTERS[requested], response, attempt);
  if (result.ok) return { ok: true, model: result.model, detectedBy: 'flag' };
  const error = attempt.error !== null && JSON_ONLY.has(requested) ? attempt.error : result.error;
  return { ok: false, error, format: requested };
}

function parseAuto(response: HealthResponse): ParseOutcome {
  const attempt = readJson(response);
  // Content-Type says JSON and the body is not: a broken answer, never a pass.
  if (attempt.error !== null && attempt.declared) return { ok: false, error: attempt.error, format: null };

  const contentType = response.contentType;
  if (attempt.parsed && contentType !== null) {
    for (const adapter of CONTENT_TYPE_ORDER) {
      if (!adapter.claimsContentType(contentType)) continue;
      // The header picks the adapter only if the body agrees.
      const result = parseWith(adapter, response, attempt);
      if (result.ok) return { ok: true, model: result.model, detectedBy: 'content-type' };
      if (result.overLimit === true) return { ok: false, error: result.error, format: adapter.name };
    }
  }

  const input: ShapeInput = { json: attempt.json, jsonParsed: attempt.parsed, text: response.body, status: response.status };
  let rejected: ParseOutcome | null = null;
  for (const adapter of SHAPE_ORDER) {
    if (!adapter.matchesShape(input)) continue;
    const result = parseWith(adapter, response, attempt);
    if (result.ok) return { ok: true, model: result.model, detectedBy: 'shape' };
    // Over one of healthctl's limits: a looser format must not read what this one refused.
    if (result.overLimit === true) return { ok: false, error: result.error, format: adapter.name };
    rejected ??= { ok: false, error: result.error, format: adapter.name };
  }
  // A known format that refuses its own body (a MicroProfile 500) is not handed to a looser reader.
  if (rejected !== null) return rejected;
  // Starts like JSON (`{`, `[`) but is neither JSON nor a text format: broken, not unstructured.
  if (attempt.error !== null) return { ok: false, error: attempt.error, format: null };
  if (attempt.parsed) {
    const generic = parseWith(genericJson, response, attempt);
    return generic.ok ? { ok: true, model: generic.model, detectedBy: 'shape' } : { ok: false, error: generic.error, format: 'json' };
  }

  const fallback = httpStatus.parse(response, undefined);
  if (!fallback.ok) return { ok: false, error: fallback.error, format: 'http-status' };
  return { ok: true, model: fallback.model, detectedBy: 'fallback' };
}

/**
 * Turns one response into a state model: with the format the user named, or for `auto`
 * by Content-Type, then the body's shape, then the HTTP status alone.
 */
export function detectAndParse(response: HealthResponse, requested: FormatName | 'auto'): ParseOutcome {
  return requested === 'auto' ? parseAuto(response) : parseExplicit(response, requested);
}
