import type { Component, Condition, Phase } from '../model/types.js';
import { addAttributes, makeComponent, rejectBody, toAttributeValue, toErrorText } from './component.js';
import { isRecord, readArray, readField, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter, ParseResult } from './types.js';

const PHASES: ReadonlyMap<string, Phase> = new Map([
  ['UNKNOWN', 'starting'],
  ['STARTING', 'starting'],
  ['RUNNING', 'running'],
  ['TERMINATING', 'terminating'],
  ['UNAVAILABLE', 'unavailable'],
  // Older releases misspelled it.
  ['UNAIVALABLE', 'unavailable'],
]);

const NEVER_REPORTED = 'required but never reported';
const WHAT = 'pomerium JSON';

const STATUS_WORD = /^[A-Z][A-Z_]*$/;

/** Probe bodies: every value an entry with an upper-case status, at least one we know (newer releases may add states). */
function matchesProbeBody(json: JsonRecord): boolean {
  let known = false;
  for (const name of Object.keys(json)) {
    const entry = json[name];
    const status = isRecord(entry) ? readString(entry, 'status') : null;
    if (status === null || !STATUS_WORD.test(status)) return false;
    known ||= PHASES.has(status);
  }
  return known;
}

/** `/status` carries `statuses` and the required `checks`; probe bodies are a flat map of entries. */
function matchesPomerium(json: unknown): boolean {
  if (!isRecord(json)) return false;
  if (readRecord(json, 'statuses') !== null && readArray(json, 'checks') !== null) return true;
  return matchesProbeBody(json);
}

/** `[{Key, Value}]` → Map; the `internal_error` attribute holds the text behind "internal error". */
function readAttributes(entry: JsonRecord): Map<string, string> {
  const attributes = new Map<string, string>();
  const list = readField(entry, 'attributes');
  if (Array.isArray(list)) {
    for (const item of list) {
      if (!isRecord(item)) continue;
      const key = readField(item, 'Key');
      if (key === undefined) continue;
      attributes.set(toAttributeValue(key), toAttributeValue(readField(item, 'Value')));
    }
  } else if (isRecord(list)) {
    addAttributes(attributes, list);
  }
  return attributes;
}

function convertEntry(name: string, entry: unknown, required: boolean): Component | string {
  if (!isRecord(entry)) return `check "${name}" is not an object`;
  const status = readString(entry, 'status');
  if (status === null) return `check "${name}" has no "status"`;
  const attributes = readAttributes(entry);
  let error = toErrorText(readField(entry, 'error'));
  const internal = attributes.get('internal_error');
  if (error === 'internal error' && internal !== undefined && internal !== '') error = internal;
  const phase = PHASES.get(status);
  if (phase === undefined) {
    attributes.set('status', status);
    return makeComponent({ name, phase: 'unavailable', condition: 'failed', required, error: error ?? `unrecognised status "${status}"`, attributes });
  }
  if (phase === 'unavailable') error ??= NEVER_REPORTED;
  const condition: Condition = phase === 'unavailable' || error !== null ? 'failed' : 'ok';
  return makeComponent({ name, phase, condition, required, error, attributes });
}

function parseStatusPage(statuses: JsonRecord, checks: unknown[]): ParseResult {
  const required = new Set<string>();
  for (const check of checks) if (typeof check === 'string') required.add(check);
  const components: Component[] = [];
  const reported = new Set<string>();
  for (const name of Object.keys(statuses)) {
    const component = convertEntry(name, statuses[name], required.has(name));
    if (typeof component === 'string') return rejectBody(WHAT, component);
    components.push(component);
    reported.add(name);
  }
  for (const name of required) {
    if (reported.has(name)) continue;
    components.push(makeComponent({ name, phase: 'unavailable', condition: 'failed', error: NEVER_REPORTED }));
  }
  return { ok: true, model: { format: 'pomerium', components, overall: null } };
}

function parseProbeBody(body: JsonRecord): ParseResult {
  const components: Component[] = [];
  for (const name of Object.keys(body)) {
    const component = convertEntry(name, body[name], true);
    if (typeof component === 'string') return rejectBody(WHAT, component);
    components.push(component);
  }
  return { ok: true, model: { format: 'pomerium', components, overall: null } };
}

export const pomerium: FormatAdapter = {
  name: 'pomerium',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed && matchesPomerium(body.json),
  parse(_response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    const statuses = readRecord(json, 'statuses');
    const checks = readArray(json, 'checks');
    // A probe body could name a check "statuses"; only the pair marks the /status page.
    return statuses !== null && checks !== null ? parseStatusPage(statuses, checks) : parseProbeBody(json);
  },
};
