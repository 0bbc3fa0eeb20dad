import type { Component, Condition, Overall } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, rejectBody, toAttributeValue, toErrorText } from './component.js';
import { isRecord, readField, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

const CONDITIONS: ReadonlyMap<string, Condition> = new Map([
  ['healthy', 'ok'],
  ['degraded', 'degraded'],
  ['unhealthy', 'failed'],
]);

const PLAIN_BODIES = new Set(['Healthy', 'Degraded', 'Unhealthy']);
const METADATA = ['duration', 'description'] as const;

function toCondition(status: string | null): Condition {
  return status === null ? 'failed' : (CONDITIONS.get(status.toLowerCase()) ?? 'failed');
}

/** HealthChecks.UI writer: `entries` plus `totalDuration` or an ASP.NET status. */
function matchesUi(json: unknown): boolean {
  if (!isRecord(json) || readRecord(json, 'entries') === null) return false;
  const status = readString(json, 'status');
  return readField(json, 'totalDuration') !== undefined || (status !== null && CONDITIONS.has(status.toLowerCase()));
}

function convertEntry(name: string, entry: JsonRecord, fallbackStatus: string | null): Component {
  const condition = toCondition(readString(entry, 'status') ?? fallbackStatus);
  const attributes = new Map<string, string>();
  const data = readRecord(entry, 'data');
  if (data !== null) addAttributes(attributes, data);
  for (const key of METADATA) {
    const value = readField(entry, key);
    if (value !== undefined && value !== null) attributes.set(key, toAttributeValue(value));
  }
  const tags = readField(entry, 'tags');
  if (Array.isArray(tags)) attributes.set('tags', tags.map(toAttributeValue).join(','));
  const error = condition === 'ok' ? null : (toErrorText(readField(entry, 'exception')) ?? toErrorText(readField(entry, 'description')));
  return makeComponent({ name, phase: 'running', condition, error, attributes });
}

function makeOverallComponent(status: string): Component {
  return makeComponent({ name: 'aspnet', phase: 'running', condition: toCondition(status) });
}

function readOverall(status: string, source: string, standIn: boolean): Overall {
  return makeOverall({ status, phase: 'running', condition: toCondition(status), source, standIn: standIn ? 'aspnet' : null });
}

export const aspnet: FormatAdapter = {
  name: 'aspnet',
  claimsContentType: () => false,
  matchesShape: (body) => (body.jsonParsed ? matchesUi(body.json) : PLAIN_BODIES.has(body.text.trim())),
  parse(response, json) {
    if (!isRecord(json)) {
      const text = response.body.trim();
      if (!PLAIN_BODIES.has(text)) return rejectBody('ASP.NET health output', 'expected Healthy, Degraded or Unhealthy');
      return { ok: true, model: { format: 'aspnet', components: [makeOverallComponent(text)], overall: readOverall(text, 'body', true) } };
    }
    const entries = readRecord(json, 'entries');
    const status = readString(json, 'status');
    if (entries === null && status === null) return rejectBody('ASP.NET health JSON', 'missing "status" and "entries"');
    const components: Component[] = [];
    if (entries !== null) {
      for (const name of Object.keys(entries)) {
        const entry = entries[name];
        if (isRecord(entry)) components.push(convertEntry(name, entry, status));
      }
    }
    const bare = components.length === 0 && status !== null;
    if (bare) components.push(makeOverallComponent(status));
    const overall = status === null ? null : readOverall(status, '/status', bare);
    return { ok: true, model: { format: 'aspnet', components, overall } };
  },
};
