import type { Component, Condition, Overall, Phase } from '../model/types.js';
import { makeComponent, makeOverall, rejectBody, toAttributeValue, toErrorText } from './component.js';
import { isRecord, readArray, readField, readRecord, readString, type JsonRecord } from './json.js';
import type { FormatAdapter } from './types.js';

const STATES: ReadonlyMap<string, readonly [Phase, Condition]> = new Map([
  ['passing', ['running', 'ok']],
  ['warning', ['running', 'degraded']],
  ['critical', ['running', 'failed']],
  ['maintenance', ['terminating', 'ok']],
]);

// Consul's own precedence when it aggregates: maintenance, then critical, warning, passing.
const AGGREGATE_RANK: ReadonlyMap<string, number> = new Map([
  ['passing', 0],
  ['warning', 1],
  ['critical', 2],
  ['maintenance', 3],
]);

const KEPT_FIELDS = ['Name', 'Node', 'ServiceID', 'Type', 'Notes'] as const;
const WHAT = 'Consul health JSON';

function isServiceEntry(value: unknown): boolean {
  return isRecord(value) && (readString(value, 'AggregatedStatus') !== null || readArray(value, 'Checks') !== null);
}

/** One check as `/v1/health/checks/SERVICE` and `/v1/health/node/NODE` list them. */
function isCheck(value: unknown): value is JsonRecord {
  return isRecord(value) && readString(value, 'CheckID') !== null && readString(value, 'Status') !== null;
}

function matchesConsul(json: unknown): boolean {
  return Array.isArray(json) && json.length > 0 && (json.every(isServiceEntry) || json.every(isCheck));
}

function convertCheck(name: string, check: JsonRecord): Component {
  const status = readString(check, 'Status');
  const state = status === null ? undefined : STATES.get(status.toLowerCase());
  const [phase, condition] = state ?? ['running', 'failed'];
  const attributes = new Map<string, string>();
  for (const key of KEPT_FIELDS) {
    const value = readField(check, key);
    if (value !== undefined && value !== null && value !== '') attributes.set(key, toAttributeValue(value));
  }
  if (status !== null) attributes.set('Status', status);
  const output = toErrorText(readField(check, 'Output'));
  const error = status?.toLowerCase() === 'passing' ? null : (output ?? (state === undefined ? `unrecognised status "${status ?? ''}"` : null));
  return makeComponent({ name, phase, condition, error, attributes });
}

/** CheckIDs repeat across instances (`serfHealth` on every node): later ones get `@Node`. */
function nameCheck(check: JsonRecord, index: number, seen: Set<string>): string {
  const id = readString(check, 'CheckID') ?? readString(check, 'Name') ?? `check-${index}`;
  let name = id;
  if (seen.has(name)) name = `${id}@${readString(check, 'Node') ?? readString(check, 'ServiceID') ?? String(index)}`;
  if (seen.has(name)) name = `${id}#${index}`;
  seen.add(name);
  return name;
}

interface Aggregate {
  status: string;
  source: string;
}

// An aggregate word Consul does not define ranks as critical.
function rankOf(status: string): number {
  return AGGREGATE_RANK.get(status.toLowerCase()) ?? 2;
}

function pickWorseAggregate(current: Aggregate | null, next: Aggregate | null): Aggregate | null {
  if (next === null) return current;
  if (current === null) return next;
  return rankOf(next.status) > rankOf(current.status) ? next : current;
}

/** Consul's aggregate of every entry is the service's own verdict; an unknown word is critical. */
function toOverall(aggregate: Aggregate | null): Overall | null {
  if (aggregate === null) return null;
  const [phase, condition] = STATES.get(aggregate.status.toLowerCase()) ?? ['running', 'failed'];
  return makeOverall({ status: aggregate.status, phase, condition, source: aggregate.source });
}

export const consul: FormatAdapter = {
  name: 'consul',
  claimsContentType: () => false,
  matchesShape: (body) => body.jsonParsed && matchesConsul(body.json),
  parse(_response, json) {
    const entries = Array.isArray(json) ? json : isRecord(json) ? [json] : null;
    if (entries === null) return rejectBody(WHAT, 'expected an array of service entries or checks');
    const components: Component[] = [];
    const seen = new Set<string>();
    let aggregate: Aggregate | null = null;
    let index = 0;
    for (const [position, entry] of entries.entries()) {
      if (!isRecord(entry)) continue;
      if (isCheck(entry) && !isServiceEntry(entry)) {
        components.push(convertCheck(nameCheck(entry, index++, seen), entry));
        continue;
      }
      const aggregated = readString(entry, 'AggregatedStatus');
      const pointer = Array.isArray(json) ? `/${position}/AggregatedStatus` : '/AggregatedStatus';
      aggregate = pickWorseAggregate(aggregate, aggregated === null ? null : { status: aggregated, source: pointer });
      const checks = (readArray(entry, 'Checks') ?? []).filter(isRecord);
      for (const check of checks) components.push(convertCheck(nameCheck(check, index++, seen), check));
      if (checks.length === 0 && aggregated !== null) {
        const service = readRecord(entry, 'Service');
        const name = (service === null ? null : readString(service, 'ID')) ?? 'consul';
        components.push(convertCheck(nameCheck({ CheckID: name }, index++, seen), { Status: aggregated }));
      }
    }
    if (components.length === 0 && aggregate === null) return rejectBody(WHAT, 'no "Checks" or "AggregatedStatus"');
    return { ok: true, model: { format: 'consul', components, overall: toOverall(aggregate) } };
  },
};
