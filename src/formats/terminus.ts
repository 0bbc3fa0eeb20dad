import type { Component, Condition, Phase } from '../model/types.js';
import { addAttributes, makeComponent, rejectBody, toErrorText } from './component.js';
import { isRecord, readField, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

const OVERALL: ReadonlyMap<string, readonly [Phase, Condition]> = new Map([
  ['ok', ['running', 'ok']],
  ['error', ['running', 'failed']],
  ['shutting_down', ['terminating', 'ok']],
]);

const SECTIONS = ['info', 'error', 'details'] as const;
const SKIP = new Set(['status', 'message']);
const WHAT = 'terminus JSON';

function matchesTerminus(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const status = readString(json, 'status');
  if (status === null || !OVERALL.has(status)) return false;
  return status === 'shutting_down' || SECTIONS.some((key) => readRecord(json, key) !== null);
}

/** Nest puts every indicator in `details`; @godaddy/terminus splits them into `info` and `error`. */
function collectIndicators(json: JsonRecord): Map<string, JsonRecord> {
  const indicators = new Map<string, JsonRecord>();
  const details = readRecord(json, 'details');
  const sources = details === null ? [readRecord(json, 'info'), readRecord(json, 'error')] : [details];
  for (const source of sources) {
    if (source === null) continue;
    for (const name of Object.keys(source)) {
      const indicator = source[name];
      if (isRecord(indicator)) indicators.set(name, indicator);
    }
  }
  return indicators;
}

function convertIndicator(name: string, indicator: JsonRecord, terminating: boolean): Component {
  const status = readString(indicator, 'status')?.toLowerCase();
  const condition: Condition = status === 'up' || status === 'ok' ? 'ok' : 'failed';
  const attributes = new Map<string, string>();
  addAttributes(attributes, indicator, { skip: SKIP });
  const message = toErrorText(readField(indicator, 'message'));
  if (condition === 'ok' && message !== null) attributes.set('message', message);
  const fallback = status === undefined ? 'missing "status"' : `status "${status}"`;
  const error = condition === 'ok' ? null : (message ?? fallback);
  return makeComponent({ name, phase: terminating ? 'terminating' : 'running', condition, error, attributes });
}

export const terminus: FormatAdapter = {
  name: 'terminus',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed && matchesTerminus(body.json),
  parse(_response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    const status = readString(json, 'status');
    if (status === null) return rejectBody(WHAT, 'missing "status"');
    const [phase, condition] = OVERALL.get(status) ?? ['running', 'failed'];
    const components: Component[] = [];
    for (const [name, indicator] of collectIndicators(json)) {
      components.push(convertIndicator(name, indicator, phase === 'terminating'));
    }
    if (components.length === 0) {
      const error = OVERALL.has(status) ? null : `unrecognised status "${status}"`;
      components.push(makeComponent({ name: 'terminus', phase, condition, error }));
    }
    return { ok: true, model: { format: 'terminus', components, claimed: status } };
  },
};
