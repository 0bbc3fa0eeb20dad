import { clip } from '../base/text.js';
import type { Component, Condition, Overall, Phase } from '../model/types.js';
import { isRecord, readString, type JsonRecord } from './json.js';

const MAX_NESTED_CHARS = 200;

export interface ComponentInit {
  name: string;
  phase: Phase;
  condition: Condition;
  required?: boolean;
  error?: string | null;
  attributes?: ReadonlyMap<string, string>;
}

/** Builds a component; attributes come as a Map so `__proto__` stays an ordinary key. */
export function makeComponent(init: ComponentInit): Component {
  return {
    name: init.name,
    phase: init.phase,
    condition: init.condition,
    required: init.required ?? true,
    error: init.error ?? null,
    attributes: init.attributes === undefined || init.attributes.size === 0 ? {} : Object.fromEntries(init.attributes),
  };
}

export interface OverallInit {
  status: string;
  phase: Phase;
  condition: Condition;
  source: string;
  text?: string | null;
  standIn?: string | null;
}

/** The service's own verdict, beside its components. */
export function makeOverall(init: OverallInit): Overall {
  return { status: init.status, phase: init.phase, condition: init.condition, source: init.source, text: init.text ?? null, standIn: init.standIn ?? null };
}

/**
 * The service's own words: the distinct strings under `keys`, in order (`Service Unavailable:
 * pool exhausted`), less any already said (`said`, e.g. the HTTP status text).
 */
export function readText(record: JsonRecord, keys: readonly string[], said: readonly string[] = []): string | null {
  const texts: string[] = [];
  for (const key of keys) {
    const text = readString(record, key)?.trim();
    if (text !== undefined && text !== '' && !texts.includes(text) && !said.includes(text)) texts.push(text);
  }
  return texts.length === 0 ? null : texts.join(': ');
}

/** Attribute values are strings; nested values are JSON, cut short so one blob cannot flood output. */
export function toAttributeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return clip(stringifySafely(value), MAX_NESTED_CHARS);
}

/** Copies every field except `skip` into `into`, optionally prefixed (`mq-0.status`). */
export function addAttributes(
  into: Map<string, string>,
  record: JsonRecord,
  options: { skip?: ReadonlySet<string>; prefix?: string } = {},
): void {
  for (const key of Object.keys(record)) {
    if (options.skip?.has(key) === true) continue;
    into.set(`${options.prefix ?? ''}${key}`, toAttributeValue(record[key]));
  }
}

/** Error text for a value that should have been a string but may be anything. */
export function toErrorText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (isRecord(value) || Array.isArray(value)) return toAttributeValue(value);
  const text = toAttributeValue(value);
  return text === '' ? null : text;
}

/** Deeper than this a value is not serialised: JavaScriptCore's JSON.stringify takes seconds to fail on 300,000 levels. */
const MAX_NESTING = 1_000;

function stringifySafely(value: unknown): string {
  if (nestedDeeperThan(value, MAX_NESTING)) return '[unserialisable]';
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // Deeply nested input overflows the stack in JSON.stringify.
    return '[unserialisable]';
  }
}

/** Walks arrays and objects with its own stack, so the check itself cannot overflow. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** The one shape of an adapter's refusal: `body is not spring JSON: missing "status"`. */
export function rejectBody(what: string, reason: string): { ok: false; error: string } {
  return { ok: false, error: `body is not ${what}: ${reason}` };
}
