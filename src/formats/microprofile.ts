import type { Component, Condition, Phase } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, rejectBody } from './component.js';
import { isRecord, readArray, readFirstString, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

// MicroProfile Health 1.0 said `outcome` at the top and `state` per check.
const STATUS_KEYS = ['status', 'outcome', 'state'] as const;
// The spec has no error field; these are the data keys implementations use for one.
const ERROR_KEYS = ['error', 'message', 'reason'] as const;
const WHAT = 'MicroProfile Health JSON';

// UP and DOWN are the spec's; STARTING and STOPPING are what MicroProfile-style libraries add.
const STATES: ReadonlyMap<string, readonly [Phase, Condition]> = new Map([
  ['UP', ['running', 'ok']],
  ['DOWN', ['running', 'failed']],
  ['STARTING', ['starting', 'ok']],
  ['STOPPING', ['terminating', 'ok']],
]);

function toState(status: string | null): readonly [Phase, Condition] {
  return STATES.get(status?.toUpperCase() ?? '') ?? ['running', 'failed'];
}

function readStatus(record: JsonRecord): { status: string; key: string } | null {
  const key = STATUS_KEYS.find((k) => readString(record, k) !== null);
  const status = key === undefined ? null : readString(record, key);
  return key === undefined || status === null ? null : { status, key };
}

function matchesMicroprofile(json: unknown): boolean {
  if (!isRecord(json) || readArray(json, 'checks') === null) return false;
  const status = readFirstString(json, STATUS_KEYS)?.toUpperCase();
  return status !== undefined && STATES.has(status);
}

function convertCheck(check: JsonRecord, index: number): Component {
  const status = readFirstString(check, STATUS_KEYS);
  const [phase, condition] = toState(status);
  const data = readRecord(check, 'data');
  const attributes = new Map<string, string>();
  if (data !== null) addAttributes(attributes, data);
  let error: string | null = null;
  if (condition !== 'ok') {
    const fromData = data === null ? undefined : ERROR_KEYS.map((key) => attributes.get(key)).find((text) => text !== undefined);
    error = fromData ?? (status === null ? 'missing "status"' : null);
  }
  const name = readFirstString(check, ['name']) ?? `check-${index}`;
  return makeComponent({ name, phase, condition, error, attributes });
}

export const microprofile: FormatAdapter = {
  name: 'microprofile',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed && matchesMicroprofile(body.json),
  parse(response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    // The spec's 500: the health could not be determined, which is neither up nor down.
    if (response.status === 500) return { ok: false, error: 'MicroProfile Health answered HTTP 500: the health status is undetermined' };
    const found = readStatus(json);
    if (found === null) return rejectBody(WHAT, 'missing "status"');
    const checks = (readArray(json, 'checks') ?? []).filter(isRecord);
    const components = checks.map(convertCheck);
    const [phase, condition] = toState(found.status);
    // No checks registered: the overall status is all there is.
    const bare = components.length === 0;
    if (bare) components.push(makeComponent({ name: 'microprofile', phase, condition }));
    const overall = makeOverall({ status: found.status, phase, condition, source: `/${found.key}`, standIn: bare ? 'microprofile' : null });
    return { ok: true, model: { format: 'microprofile', components, overall } };
  },
};
