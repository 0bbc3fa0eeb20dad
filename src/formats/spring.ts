import type { Component, Condition, Phase } from '../model/types.js';
import { addAttributes, makeComponent, makeOverall, rejectBody, toErrorText } from './component.js';
import { isRecord, readField, readRecord, readString, type JsonRecord } from './json.js';
import { NAME_LIMITS, NameBudget, refuseOverLimit, tooDeep } from './limits.js';
import type { FormatAdapter } from './types.js';

const STATES: ReadonlyMap<string, readonly [Phase, Condition]> = new Map([
  ['UP', ['running', 'ok']],
  ['DOWN', ['running', 'failed']],
  ['OUT_OF_SERVICE', ['terminating', 'ok']],
  ['UNKNOWN', ['unavailable', 'failed']],
]);

const WHAT = 'spring JSON';
const SKIP_DETAILS = new Set(['error']);

interface Pending {
  name: string;
  node: JsonRecord;
  depth: number;
}

function matchesSpring(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const status = readString(json, 'status');
  if (status === null) return false;
  if (readRecord(json, 'components') !== null) return true;
  // Boot 2.0–2.1 `details`; Spring codes are upper case, which keeps lower-case formats out.
  if (readRecord(json, 'details') !== null) return status === status.toUpperCase();
  return STATES.has(status) && readField(json, 'checks') === undefined;
}

/** Sub-components: `components`, or in Boot 2.0–2.1 the objects under `details` that have a `status`. */
function readChildren(node: JsonRecord): [string, JsonRecord][] {
  const components = readRecord(node, 'components');
  const source = components ?? readRecord(node, 'details');
  if (source === null) return [];
  const children: [string, JsonRecord][] = [];
  for (const key of Object.keys(source)) {
    const child = source[key];
    if (!isRecord(child)) continue;
    if (components !== null || readString(child, 'status') !== null) children.push([key, child]);
  }
  return children;
}

function toState(status: string | null, httpStatus: number): readonly [Phase, Condition] {
  if (status === null) return ['unavailable', 'failed'];
  // Custom statuses (DEGRADED…) follow the HTTP status the service chose for them.
  return STATES.get(status) ?? ['running', httpStatus >= 200 && httpStatus <= 299 ? 'degraded' : 'failed'];
}

function convertLeaf(name: string, node: JsonRecord, httpStatus: number): Component {
  const status = readString(node, 'status');
  const [phase, condition] = toState(status, httpStatus);
  const details = readRecord(node, 'details');
  const attributes = new Map<string, string>();
  if (details !== null) addAttributes(attributes, details, { skip: SKIP_DETAILS });
  let error = details === null ? null : toErrorText(readField(details, 'error'));
  if (status === null) error ??= 'missing "status"';
  return makeComponent({ name, phase, condition, error, attributes });
}

/**
 * Flattens nested components to dotted names; only leaves are components. Iterative, and within
 * NAME_LIMITS: depth and names are the sender's choice. A string says which limit the body broke.
 */
function flatten(root: JsonRecord, httpStatus: number): Component[] | string {
  const components: Component[] = [];
  const budget = new NameBudget('spring component');
  const stack: Pending[] = readChildren(root).reverse().map(([name, node]) => ({ name, node, depth: 1 }));
  for (let pending = stack.pop(); pending !== undefined; pending = stack.pop()) {
    const children = readChildren(pending.node);
    if (children.length === 0) {
      const refused = budget.spend(pending.name.length);
      if (refused !== null) return refused;
      components.push(convertLeaf(pending.name, pending.node, httpStatus));
      continue;
    }
    if (pending.depth >= NAME_LIMITS.depth) return tooDeep('spring components');
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push({ name: `${pending.name}.${child[0]}`, node: child[1], depth: pending.depth + 1 });
    }
  }
  return components;
}

export const spring: FormatAdapter = {
  name: 'spring',
  claimsContentType: (contentType) => /^\s*application\/vnd\.spring-boot\.actuator/i.test(contentType),
  matchesShape: (body) => body.jsonParsed && matchesSpring(body.json),
  parse(response, json) {
    if (!isRecord(json)) return rejectBody(WHAT, 'not a JSON object');
    const status = readString(json, 'status');
    if (status === null) return rejectBody(WHAT, 'missing "status"');
    const components = flatten(json, response.status);
    if (typeof components === 'string') return refuseOverLimit(components);
    const bare = components.length === 0;
    if (bare) components.push(convertLeaf('spring', json, response.status));
    const [phase, condition] = toState(status, response.status);
    const overall = makeOverall({ status, phase, condition, source: '/status', standIn: bare ? 'spring' : null });
    return { ok: true, model: { format: 'spring', components, overall } };
  },
};
