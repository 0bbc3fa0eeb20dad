import type { Component, Condition } from '../model/types.js';
import { addAttributes, makeComponent, rejectBody } from './component.js';
import { isRecord, readArray, readFirstString, readRecord, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

// MicroProfile Health 1.0 said `outcome` at the top and `state` per check.
const STATUS_KEYS = ['status', 'outcome', 'state'] as const;
// The spec has no error field; these are the data keys implementations use for one.
const ERROR_KEYS = ['error', 'message', 'reason'] as const;
const WHAT = 'MicroProfile Health JSON';

function toCondition(status: string | null): Condition {
  const upper = status?.toUpperCase();
  return upper === 'UP' ? 'ok' : 'failed';
}

function matchesMicroprofile(json: unknown): boolean {
  if (!isRecord(json) || readArray(json, 'checks') === null) return false;
  const status = readFirstString(json, STATUS_KEYS)?.toUpperCase();
  return status === 'UP' || status === 'DOWN';
}

function convertCheck(check: JsonRecord, index: number): Component {
  const status = readFirstString(check, STATUS_KEYS);
  const condition = toCondition(status);
  const data = readRecord(check, 'data');
  const attributes = new Map<string, string>();
  if (data !== null) addAttributes(attributes, data);
  let error: string | null = null;
  if (condition !== 'ok') {
    const fromData = data === null ? undefined : ERROR_KEYS.map((key) => attributes.get(key)).find((text) => text !== undefined);
    error = fromData ?? (status === null ? 'missing "status"' : null);
  }
  const name = readFirstString(check, ['name']) ?? `check-${index}`;
  return makeComponent({ name, phase: 'running', condition, error, attributes });
}

export const microprofile: FormatAdapter = {
  name: 'microprofile',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed && matchesMicroprofile(body.json),
  parse(_response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    const status = readFirstString(json, STATUS_KEYS);
    if (status === null) return rejectBody(WHAT, 'missing "status"');
    const checks = (readArray(json, 'checks') ?? []).filter(isRecord);
    const components = checks.map(convertCheck);
    // No checks registered: the overall status is all there is.
    if (components.length === 0) {
      components.push(makeComponent({ name: 'microprofile', phase: 'running', condition: toCondition(status) }));
    }
    return { ok: true, model: { format: 'microprofile', components, claimed: status } };
  },
};
