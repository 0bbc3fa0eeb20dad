import type { Component, Condition, Phase } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, readText, rejectBody, toErrorText } from './component.js';
import { isRecord, readField, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

const OVERALL: ReadonlyMap<string, readonly [Phase, Condition]> = new Map([
  ['ok', ['running', 'ok']],
  ['error', ['running', 'failed']],
  ['shutting_down', ['terminating', 'ok']],
  // @nestjs/terminus reports a degraded service with HTTP 200.
  ['degraded', ['running', 'degraded']],
]);

const INDICATOR: ReadonlyMap<string, Condition> = new Map([
  ['up', 'ok'],
  ['ok', 'ok'],
  ['degraded', 'degraded'],
]);

const SECTIONS = ['info', 'error', 'details'] as const;
// health+json's own members: an object there is never a Terminus indicator.
const NOT_INDICATORS: ReadonlySet<string> = new Set(['status', ...SECTIONS, 'checks', 'links']);
const SKIP = new Set(['status', 'message']);
const WHAT = 'terminus JSON';

/** `verbatim: true` (@godaddy/terminus) puts the indicators at the top level, next to `status`. */
function readVerbatim(json: JsonRecord): Map<string, JsonRecord> {
  const indicators = new Map<string, JsonRecord>();
  for (const name of Object.keys(json)) {
    if (NOT_INDICATORS.has(name)) continue;
    const value = json[name];
    if (isRecord(value) && readString(value, 'status') !== null) indicators.set(name, value);
  }
  return indicators;
}

function matchesTerminus(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const status = readString(json, 'status');
  if (status === null || !OVERALL.has(status)) return false;
  return status === 'shutting_down' || SECTIONS.some((key) => readRecord(json, key) !== null) || readVerbatim(json).size > 0;
}

/** Nest puts every indicator in `details`; @godaddy/terminus splits them into `info` and `error`, or (verbatim) at the top. */
function collectIndicators(json: JsonRecord): Map<string, JsonRecord> {
  const details = readRecord(json, 'details');
  const sections = details === null ? [readRecord(json, 'info'), readRecord(json, 'error')] : [details];
  if (sections.every((s) => s === null)) return readVerbatim(json);
  const indicators = new Map<string, JsonRecord>();
  for (const source of sections) {
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
  const condition: Condition = (status === undefined ? undefined : INDICATOR.get(status)) ?? 'failed';
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
    const bare = components.length === 0;
    if (bare) {
      const error = OVERALL.has(status) ? null : `unrecognised status "${status}"`;
      components.push(makeComponent({ name: 'terminus', phase, condition, error }));
    }
    const overall = makeOverall({ status, phase, condition, source: '/status', text: readText(json, ['message', 'error']), standIn: bare ? 'terminus' : null });
    return { ok: true, model: { format: 'terminus', components, overall } };
  },
};
