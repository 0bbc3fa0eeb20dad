import type { Component, Condition } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, readText, rejectBody, toErrorText } from './component.js';
import { isRecord, readField, readRecord, readString, type JsonRecord } from './json.js';
import { NameBudget, refuseOverLimit } from './limits.js';
import type { FormatAdapter } from './types.js';

const CONDITIONS: ReadonlyMap<string, Condition> = new Map([
  ['pass', 'ok'],
  ['ok', 'ok'],
  ['up', 'ok'],
  ['warn', 'degraded'],
  ['fail', 'failed'],
  ['error', 'failed'],
  ['down', 'failed'],
]);

const RANK: Record<Condition, number> = { ok: 0, degraded: 1, failed: 2 };
const WHAT = 'health+json';

function toCondition(status: string): Condition {
  return CONDITIONS.get(status.toLowerCase()) ?? 'failed';
}

function matchesHealthJson(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const status = readString(json, 'status');
  const checks = readField(json, 'checks');
  return status !== null && CONDITIONS.has(status.toLowerCase()) && (checks === undefined || isRecord(checks));
}

/** One check key → one component: the worst entry decides and every entry is kept. A string says which limit it broke. */
function convertCheck(name: string, value: unknown, overall: string, budget: NameBudget): Component | string {
  const entries = (Array.isArray(value) ? value : [value]).filter(isRecord);
  const attributes = new Map<string, string>();
  const prefixes = new Set<string>();
  let condition = toCondition(overall);
  let worst: JsonRecord | null = null;
  for (const [index, entry] of entries.entries()) {
    // An entry without a status says nothing of its own, so it inherits the service's.
    const entryCondition = toCondition(readString(entry, 'status') ?? overall);
    if (worst === null || RANK[entryCondition] > RANK[condition]) {
      worst = entry;
      condition = entryCondition;
    }
    if (entries.length === 1) {
      addAttributes(attributes, entry);
      continue;
    }
    const id = readString(entry, 'componentId');
    const prefix = id !== null && !prefixes.has(id) ? id : String(index);
    prefixes.add(prefix);
    // Every field of the entry is named after the prefix: a long componentId times many fields adds up.
    const refused = budget.spend(prefix.length + 1, Object.keys(entry).length);
    if (refused !== null) return refused;
    addAttributes(attributes, entry, { prefix: `${prefix}.` });
  }
  const error = worst !== null && condition !== 'ok' ? toErrorText(readField(worst, 'output')) : null;
  return makeComponent({ name, phase: 'running', condition, error, attributes });
}

function convertChecks(checks: JsonRecord, overall: string): Component[] | string {
  const budget = new NameBudget('health+json attribute');
  const components: Component[] = [];
  for (const name of Object.keys(checks)) {
    const component = convertCheck(name, checks[name], overall, budget);
    if (typeof component === 'string') return component;
    components.push(component);
  }
  return components;
}

function convertService(json: JsonRecord, status: string): Component {
  const name = readString(json, 'serviceId') ?? readString(json, 'service') ?? 'health-json';
  const condition = toCondition(status);
  const attributes = new Map<string, string>();
  addAttributes(attributes, json, { skip: new Set(['status', 'output', 'checks', 'links']) });
  const error = condition === 'ok' ? null : toErrorText(readField(json, 'output'));
  return makeComponent({ name, phase: 'running', condition, error, attributes });
}

export const healthJson: FormatAdapter = {
  name: 'health-json',
  claimsContentType: (contentType) => /^\s*application\/health\+json\b/i.test(contentType),
  matchesShape: (body) => body.jsonParsed && matchesHealthJson(body.json),
  parse(_response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    const status = readString(json, 'status');
    if (status === null) return rejectBody(WHAT, 'missing "status"');
    const checks = readRecord(json, 'checks');
    const components = checks === null ? [convertService(json, status)] : convertChecks(checks, status);
    if (typeof components === 'string') return refuseOverLimit(components);
    const standIn = checks === null ? (components[0]?.name ?? null) : null;
    const overall = makeOverall({ status, phase: 'running', condition: toCondition(status), source: '/status', text: readText(json, ['output']), standIn });
    return { ok: true, model: { format: 'health-json', components, overall } };
  },
};
