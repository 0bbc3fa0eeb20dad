/** Validating readers over parsed JSON, so adapters never cast. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own field only: `constructor` or `toString` never resolve to Object.prototype. */
export function readField(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function readString(record: JsonRecord, key: string): string | null {
  const value = readField(record, key);
  return typeof value === 'string' ? value : null;
}

export function readRecord(record: JsonRecord, key: string): JsonRecord | null {
  const value = readField(record, key);
  return isRecord(value) ? value : null;
}

export function readArray(record: JsonRecord, key: string): unknown[] | null {
  const value = readField(record, key);
  return Array.isArray(value) ? value : null;
}

/** The first of `keys` that holds a string, e.g. MicroProfile 1.0 `outcome` for `status`. */
export function readFirstString(record: JsonRecord, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = readString(record, key);
    if (value !== null) return value;
  }
  return null;
}
