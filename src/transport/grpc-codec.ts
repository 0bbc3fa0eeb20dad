// The four grpc.health.v1 messages, encoded by hand: two fields do not justify a protobuf runtime.

/** grpc.health.v1.HealthCheckResponse.ServingStatus; proto3 enums are open, so any int32 can arrive. */
export const SERVING_STATUS = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;

export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function varint(value: bigint): number[] {
  // Negative int32 values are sign-extended to 64 bits, as protobuf requires.
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(varint(BigInt((field << 3) | WIRE_LEN))), Buffer.from(varint(BigInt(bytes.length))), bytes]);
}

function enumField(field: number, value: number): Buffer {
  // proto3 leaves default values off the wire.
  if (value === 0) return Buffer.alloc(0);
  return Buffer.from([...varint(BigInt((field << 3) | WIRE_VARINT)), ...varint(BigInt(value))]);
}

function stringField(field: number, value: string): Buffer {
  return value === '' ? Buffer.alloc(0) : lengthDelimited(field, Buffer.from(value, 'utf8'));
}

interface Field {
  number: number;
  wire: number;
  /** The varint value for wire type 0. */
  value: bigint;
  /** The payload for wire type 2. */
  bytes: Uint8Array;
}

/** Reads one message's fields in order; skips fixed-width fields, rejects groups and truncation. */
function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = buf[at];
      if (byte === undefined) throw new ProtobufError('truncated varint');
      at += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError('varint longer than 10 bytes');
  };
  while (at < buf.length) {
    const key = readVarint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (number === 0) throw new ProtobufError('field number 0');
    if (wire === WIRE_VARINT) {
      fields.push({ number, wire, value: readVarint(), bytes: new Uint8Array(0) });
    } else if (wire === WIRE_LEN) {
      const length = readVarint();
      if (length > BigInt(buf.length - at)) throw new ProtobufError('length-delimited field runs past the end');
      const end = at + Number(length);
      fields.push({ number, wire, value: 0n, bytes: buf.subarray(at, end) });
      at = end;
    } else if (wire === WIRE_I64 || wire === WIRE_I32) {
      at += wire === WIRE_I64 ? 8 : 4;
      if (at > buf.length) throw new ProtobufError('fixed-width field runs past the end');
    } else {
      throw new ProtobufError(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

function decodeString(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProtobufError('string field is not valid UTF-8');
  }
}

/** An enum varint as the int32 it encodes. */
function toInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** HealthCheckRequest { string service = 1; } */
export function encodeCheckRequest(service: string): Buffer {
  return stringField(1, service);
}

export function decodeCheckRequest(buf: Uint8Array): string {
  let service = '';
  for (const f of readFields(buf)) {
    if (f.number === 1 && f.wire === WIRE_LEN) service = decodeString(f.bytes);
  }
  return service;
}

/** HealthCheckResponse { ServingStatus status = 1; } */
export function encodeCheckResponse(status: number): Buffer {
  return enumField(1, status);
}

export function decodeCheckResponse(buf: Uint8Array): number {
  let status = 0;
  for (const f of readFields(buf)) {
    if (f.number === 1 && f.wire === WIRE_VARINT) status = toInt32(f.value);
  }
  return status;
}

/** HealthListRequest {} */
export function encodeListRequest(): Buffer {
  return Buffer.alloc(0);
}

/** HealthListResponse { map<string, HealthCheckResponse> statuses = 1; } — entries are {key = 1, value = 2}. */
export function encodeListResponse(statuses: ReadonlyMap<string, number>): Buffer {
  const entries = [...statuses].map(([service, status]) =>
    lengthDelimited(1, Buffer.concat([stringField(1, service), lengthDelimited(2, encodeCheckResponse(status))])),
  );
  return Buffer.concat(entries);
}

export function decodeListResponse(buf: Uint8Array): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const f of readFields(buf)) {
    if (f.number !== 1 || f.wire !== WIRE_LEN) continue;
    let service = '';
    let status = 0;
    for (const e of readFields(f.bytes)) {
      if (e.number === 1 && e.wire === WIRE_LEN) service = decodeString(e.bytes);
      else if (e.number === 2 && e.wire === WIRE_LEN) status = decodeCheckResponse(e.bytes);
    }
    // A repeated key replaces the earlier entry, as protobuf map parsing does.
    statuses.set(service, status);
  }
  return statuses;
}
