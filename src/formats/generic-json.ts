import type { Condition, Overall, Phase } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, readText, rejectBody } from './component.js';
import { isRecord, readField, type JsonRecord } from './json.js';
import type { FormatAdapter, HealthResponse } from './types.js';

/** The members that may carry a service's verdict, in the order they are tried. */
export const STATUS_MEMBERS = ['status', 'health', 'healthy', 'state', 'ok'] as const;
/** Members whose strings are the service's own words about its verdict. */
export const TEXT_MEMBERS = ['error', 'message', 'reason', 'output', 'description'] as const;
const COMPONENT = 'json';

/** Status words real services send (matched in any case), by the state they mean. */
export const STATUS_WORDS: ReadonlyArray<{ state: readonly [Phase, Condition]; words: readonly string[] }> = [
  { state: ['running', 'ok'], words: ['ok', 'up', 'pass', 'passing', 'healthy', 'true', 'serving', 'ready', 'green'] },
  { state: ['running', 'degraded'], words: ['warn', 'warning', 'degraded', 'yellow'] },
  {
    state: ['running', 'failed'],
    words: ['down', 'fail', 'failing', 'failed', 'failure', 'fatal', 'error', 'critical', 'unhealthy', 'false', 'unavailable', 'not_serving', 'not_ready', 'unready', 'out_of_service', 'offline', 'red'],
  },
  // A service that says it is starting or stopping is not ready, whatever its HTTP status.
  { state: ['starting', 'ok'], words: ['starting'] },
  { state: ['terminating', 'ok'], words: ['stopping', 'shutting_down', 'draining', 'terminating'] },
];

const VOCABULARY: ReadonlyMap<string, readonly [Phase, Condition]> = new Map(STATUS_WORDS.flatMap(({ state, words }) => words.map((word) => [word, state] as const)));

/** A JSON boolean is a word too: `"healthy": false` and `"status": false` say failing. */
function toWord(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** The first status-like member with a known value: the service's own verdict. */
function readOverall(json: JsonRecord): Overall | null {
  for (const member of STATUS_MEMBERS) {
    const word = toWord(readField(json, member));
    const state = word === null ? undefined : VOCABULARY.get(word.trim().toLowerCase());
    if (word === null || state === undefined) continue;
    const [phase, condition] = state;
    return makeOverall({ status: word, phase, condition, source: `/${member}`, text: readText(json, TEXT_MEMBERS), standIn: COMPONENT });
  }
  return null;
}

function isPassingStatus(status: number): boolean {
  return status >= 200 && status <= 399;
}

/** `HTTP 503 Service Unavailable: JetStream has no leader`; the status text once, not twice. */
function describeStatus(response: HealthResponse, record: JsonRecord | null): string {
  const line = `HTTP ${response.status} ${response.statusText}`.trim();
  const text = record === null ? null : readText(record, TEXT_MEMBERS, [response.statusText]);
  return text === null ? line : `${line}: ${text}`;
}

/**
 * JSON that no adapter claims: a status-like member is the service's verdict, its text the
 * error; without one, the HTTP status decides as with http-status. Never refused.
 */
export const genericJson: FormatAdapter = {
  name: 'json',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed,
  parse(response, json) {
    if (json === undefined) return rejectBody('JSON', 'it does not parse as JSON');
    const record = isRecord(json) ? json : null;
    const attributes = new Map<string, string>();
    if (record !== null) addAttributes(attributes, record);
    const overall = record === null ? null : readOverall(record);
    if (overall === null) {
      const passing = isPassingStatus(response.status);
      const component = makeComponent({ name: COMPONENT, phase: 'running', condition: passing ? 'ok' : 'failed', error: passing ? null : describeStatus(response, record), attributes });
      return { ok: true, model: { format: 'json', components: [component], overall: null } };
    }
    // With a body model a non-2xx answer is a failure whatever the member says (a 503 "ok").
    const answeredOk = response.status >= 200 && response.status <= 299;
    const condition: Condition = answeredOk ? overall.condition : 'failed';
    const error = condition === 'ok' ? null : answeredOk ? overall.text : describeStatus(response, record);
    const component = makeComponent({ name: COMPONENT, phase: overall.phase, condition, error, attributes });
    return { ok: true, model: { format: 'json', components: [component], overall } };
  },
};
